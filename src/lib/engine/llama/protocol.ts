// The messages between LlamaCppEngine (page) and its worker, as a worker-rpc protocol map. Plain data:
// everything crosses postMessage by structured clone.
import type { LoadProgress, ServerTimings } from '../types';
import type {
	ArrivalBatch,
	DeviceGenerateResult,
	DeviceLoadResult,
	DeviceProtocol,
	WorkerDecoding
} from '../device/protocol';
import type { GgufQuant } from '../../models/synthetic/gguf';
import type { ModelShape } from '../../models/synthetic/shapes';

/**
 * A synthetic GGUF twin, generated in the worker's memory from the seeded weights and never stored: the
 * device probe's few-layer twins, thrown away once timed, so they take no room in the model cache.
 */
export interface LlamaTwinFile {
	shape: ModelShape;
	quant: GgufQuant;
	seed: number;
}

/** One GGUF model: a single file, or the parts of a split file in order (each at most 2 GB). */
export interface LlamaModelFiles {
	/** Absolute URLs, on an origin the person chose (the app's own, a Hub, a URL they typed). */
	urls: string[];
	/** Instead of the URLs: a twin generated in memory. */
	twin?: LlamaTwinFile;
}

/**
 * Which llama.cpp build runs the model: 'auto' takes the Edgewise build of the flavour this browser validates
 * (relaxed SIMD, else SIMD128) and falls back to wllama where it cannot run (WebGPU asked for, a page that is
 * not cross-origin isolated, a model too large for wasm32); the others name one build.
 */
export type LlamaBuildChoice = 'auto' | 'wllama' | 'edgewise-relaxed' | 'edgewise-simd128';

/** The build that ran, as results record it. */
export interface LlamaBuildInfo {
	name: 'wllama' | 'edgewise';
	/** As the badge says it: "llama.cpp · Edgewise build · relaxed SIMD". */
	label: string;
	/** The llama.cpp source: a commit (Edgewise) or the wllama release. */
	source: string;
	/** The quantized kernels in the build: relaxed SIMD, SIMD128, or generic C (wllama 3.13.0). */
	simd: 'relaxed' | 'simd128' | 'generic';
}

export interface LlamaLoadRequest {
	model: LlamaModelFiles;
	/** Absent: 'auto'. */
	build?: LlamaBuildChoice;
	/** The app's own copy of wllama.wasm (llama-files.ts), never a CDN. */
	wasmUrl: string;
	/** wasm threads (1 unless the page is cross-origin isolated). */
	threads: number;
	/** Offload layers to llama.cpp's WebGPU backend (only when a non-fallback adapter exists). */
	webgpu: boolean;
	/** Context length in tokens (prompt + output). */
	contextTokens: number;
	/** Largest model the page is willing to store, bytes; null for no check. */
	maxBytes: number | null;
}

export interface LlamaLoadResult extends DeviceLoadResult {
	bytes: number;
	/** libllama version from the wasm, e.g. "b6327-4d74393". */
	version: string;
	multithread: boolean;
	/** From the file: general.file_type as a name ("Q4_0"), and general.name. */
	quant: string;
	modelName?: string;
	chatTemplate: boolean;
	/** Layers llama.cpp put on a WebGPU device (0: it found none it could use, or none was asked for). */
	gpuLayers: number;
	build: LlamaBuildInfo;
}

export interface LlamaGenerateRequest extends WorkerDecoding {
	seed?: number;
	/** Ask llama.cpp for each token's id (it then computes top-1 probabilities per token: a small cost). */
	tokenIds?: boolean;
}

/** Output chunks as they arrive from llama.cpp, timestamped in the worker. */
export interface LlamaChunkBatch extends ArrivalBatch {
	/** Per chunk, the ids it carries (empty without tokenIds). */
	tokenIds: number[][];
}

export interface LlamaGenerateResult extends DeviceGenerateResult {
	serverTimings?: ServerTimings;
}

export type LlamaProtocol = DeviceProtocol<{
	load: { request: LlamaLoadRequest; result: LlamaLoadResult; progress: LoadProgress };
	generate: { request: LlamaGenerateRequest; result: LlamaGenerateResult; progress: LlamaChunkBatch };
	/** Live llama.cpp instances in the worker (lets tests prove that unload frees the model). */
	stats: { request: null; result: { liveModels: number; loads: number }; progress: never };
}>;

/** A build's side of the worker (Edgewise's or wllama's): llama-builds.ts routes runs to the one that loaded. */
export interface LlamaBuildRuntime {
	generate(
		request: LlamaGenerateRequest,
		progress: (batch: LlamaChunkBatch) => void,
		signal: AbortSignal
	): Promise<LlamaGenerateResult>;
	unload(): Promise<{ released: boolean }>;
	stats(): { liveModels: number; loads: number };
}
