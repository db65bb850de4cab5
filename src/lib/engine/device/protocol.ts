// What every on-device engine's worker protocol has, whichever runtime is behind it (LocalProtocol for
// ONNX Runtime, LlamaProtocol for llama.cpp): a load that says whether the model has a chat template, a
// generate that streams arrivals stamped in the worker, an unload and a count of what the worker holds.
import type { GenerateRequest, LoadKind, LoadProgress } from '../types';

/** The decoding settings a worker is handed with each run (seed only where the runtime can apply one). */
export interface WorkerDecoding extends Omit<GenerateRequest, 'seed'> {
	/** Epoch ms when generate() was called on the page; the worker's timestamps share the clock. */
	requestMs: number;
}

/** Arrivals sent as one message: flushing in batches instead of per token keeps messaging off the hot path. */
export interface ArrivalBatch {
	/** Index of the first arrival in this batch. */
	startIndex: number;
	texts: string[];
	/** Epoch ms when each arrival became known, taken in the worker. */
	timesMs: number[];
}

export interface DeviceLoadResult {
	loadMs: number;
	loadKind: LoadKind;
	threads: number;
	notices: string[];
	/** Whether the model has a chat template (chat mode needs one); absent means it has. */
	chatTemplate?: boolean;
}

export interface DeviceGenerateResult {
	text: string;
	inputTokens: number | null;
	outputTokens: number;
	tokenIds?: number[];
	arrivalsMs: number[];
	finishReason: 'stop' | 'length' | 'cancelled';
}

/** The messages each runtime's worker answers in its own way. */
export type DeviceMessages = {
	load: { request: unknown; result: DeviceLoadResult; progress: LoadProgress };
	generate: { request: unknown; result: DeviceGenerateResult; progress: ArrivalBatch };
	/** What the worker holds (lets tests prove that unload frees it). */
	stats: { request: null; result: Record<string, number>; progress: never };
};

/** A runtime's messages, with the unload every on-device worker answers alike. */
export type DeviceProtocol<M extends DeviceMessages = DeviceMessages> = M & {
	/** Frees the model but keeps the worker (and its compiled runtime) for the next load. */
	unload: { request: null; result: { released: boolean }; progress: never };
};
