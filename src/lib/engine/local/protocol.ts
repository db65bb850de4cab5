// The messages between LocalEngine (page) and its worker, as a worker-rpc protocol map.
// Everything here is plain data: it crosses postMessage by structured clone.
import type { EngineInfo, GenerateInput, LoadKind, LoadProgress, RunMemory } from '../types';
import type { ModelShape } from '../../models/synthetic/shapes';
import type { Device, OrtBuild, OrtFilePair } from './backend';

/** Where the worker finds the model files (already resolved from a ModelSource on the page). */
export type WorkerModelLocation =
	/** Served by the app itself under /models/{id}/ (the default model). */
	| { kind: 'app'; id: string }
	/** Any host with the Hub layout {host}/{id}/resolve/{revision}/{file} (huggingface.co or self-hosted). */
	| { kind: 'hub'; host: string; id: string; revision: string }
	/** A synthetic twin: generated in the worker into Cache Storage on first use. */
	| { kind: 'twin'; id: string; shape: ModelShape; seed: number };

export interface WorkerLoadRequest {
	location: WorkerModelLocation;
	device: Device;
	dtype: string;
	/** wasm threads; ignored for WebGPU. */
	threads: number;
	/** ONNX Runtime web build; the worker's first load fixes it (a different one needs a new worker). */
	build: OrtBuild;
	/** The app's own copies of that build's files, never a CDN. */
	wasmPaths: OrtFilePair;
	/** Largest model the page is willing to store, bytes (from the storage estimate); null for no check. */
	maxBytes: number | null;
}

/** Start the worker's ONNX Runtime ahead of a load (see LocalEngine.prepare). */
export interface WorkerPrepareRequest {
	device: Device;
	threads: number;
	build: OrtBuild;
	wasmPaths: OrtFilePair;
	/** The model the coming load is for: on wasm, its cached size sizes the heap reserved ahead of it. */
	model?: { location: WorkerModelLocation; dtype: string };
}

export interface WorkerPrepareResult {
	/** How long prepare took: starting ONNX Runtime (its wasm, threads and, for WebGPU, the device) and reserving the heap. */
	prepareMs: number;
	/** Wasm heap written ahead of the load (0: none, e.g. a model not cached yet, WebGPU, or a load came first). */
	reservedBytes: number;
}

export interface WorkerLoadResult {
	loadMs: number;
	loadKind: LoadKind;
	/** Bytes of model files read (from network or cache). */
	bytes?: number;
	fileHash?: string;
	build: string;
	threads: number;
	adapter?: EngineInfo['adapter'];
	notices: string[];
	/** Whether the tokenizer has a chat template (chat mode needs one; see prompt.ts). */
	chatTemplate?: boolean;
}

export interface WorkerGenerateRequest {
	input: GenerateInput;
	maxNewTokens: number;
	temperature: number;
	topP?: number;
	ignoreEos?: boolean;
	/** Generation ends at the first of these; the text stops before it (as OpenAI's `stop` does). */
	stop?: string[];
	/** Epoch ms when generate() was called on the page; the worker's timestamps share the clock. */
	requestMs: number;
	/** Int32 flag in shared memory (cross-origin isolated pages): the page sets it to 1 to cancel. */
	interruptFlag?: SharedArrayBuffer;
}

/** Tokens sent as one message: flushing per frame instead of per token keeps messaging off the hot path. */
export interface TokenBatch {
	/** Index of the first token in this batch. */
	startIndex: number;
	texts: string[];
	tokenIds: number[];
	/** Epoch ms when each token was produced, taken in the worker. */
	timesMs: number[];
}

export interface WorkerGenerateResult {
	text: string;
	inputTokens: number;
	outputTokens: number;
	tokenIds: number[];
	arrivalsMs: number[];
	finishReason: 'stop' | 'length' | 'cancelled';
	/** Heap, model, page and GPU buffer figures for this run (see memory-watch.ts). */
	memory?: RunMemory;
}

export type LocalProtocol = {
	prepare: { request: WorkerPrepareRequest; result: WorkerPrepareResult; progress: never };
	load: { request: WorkerLoadRequest; result: WorkerLoadResult; progress: LoadProgress };
	generate: { request: WorkerGenerateRequest; result: WorkerGenerateResult; progress: TokenBatch };
	unload: { request: null; result: { released: boolean }; progress: never };
	/** Number of live ONNX sessions in the worker (lets tests prove that switching releases the old one). */
	stats: { request: null; result: { liveSessions: number; loads: number }; progress: never };
};
