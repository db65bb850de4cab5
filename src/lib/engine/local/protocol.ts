// The messages between LocalEngine (page) and its worker, as a worker-rpc protocol map.
// Everything here is plain data: it crosses postMessage by structured clone.
import type { EngineInfo, LoadProgress, RunMemory } from '../types';
import type {
	ArrivalBatch,
	DeviceGenerateResult,
	DeviceLoadResult,
	DeviceProtocol,
	WorkerDecoding
} from '../device/protocol';
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

export interface WorkerLoadResult extends DeviceLoadResult {
	/** Bytes of model files read (from network or cache). */
	bytes?: number;
	fileHash?: string;
	build: string;
	adapter?: EngineInfo['adapter'];
	/** Whether the tokenizer has a chat template (chat mode needs one; see prompt.ts). */
	chatTemplate?: boolean;
}

/** A run's settings; generation ends at the first `stop` string, and the text stops before it (as OpenAI's does). */
export interface WorkerGenerateRequest extends WorkerDecoding {
	/** Int32 flag in shared memory (cross-origin isolated pages): the page sets it to 1 to cancel. */
	interruptFlag?: SharedArrayBuffer;
}

/** Tokens sent as one message, each with its id. */
export interface TokenBatch extends ArrivalBatch {
	tokenIds: number[];
}

export interface WorkerGenerateResult extends DeviceGenerateResult {
	inputTokens: number;
	tokenIds: number[];
	/** Heap, model, page and GPU buffer figures for this run (see memory-watch.ts). */
	memory?: RunMemory;
}

export type LocalProtocol = DeviceProtocol<{
	prepare: { request: WorkerPrepareRequest; result: WorkerPrepareResult; progress: never };
	load: { request: WorkerLoadRequest; result: WorkerLoadResult; progress: LoadProgress };
	generate: { request: WorkerGenerateRequest; result: WorkerGenerateResult; progress: TokenBatch };
	/** Number of live ONNX sessions in the worker (lets tests prove that switching releases the old one). */
	stats: { request: null; result: { liveSessions: number; loads: number }; progress: never };
}>;
