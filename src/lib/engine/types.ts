// The one interface every text generator in Edgewise implements. The benchmark runner, the chat view
// and the CLI see only this, so a third engine (say, a browser's built-in model) touches no runner code.
// Names carry units; wire formats (OpenAI, Hub files) are converted at the edge, never here.

export type EngineKind = 'local' | 'cloud';

export interface ChatMessage {
	role: 'system' | 'user' | 'assistant';
	content: string;
}

/** chat: messages go through the model's chat template; completion: the text is continued as is. */
export type GenerateInput = { mode: 'chat'; messages: ChatMessage[] } | { mode: 'completion'; prompt: string };

export interface GenerateRequest {
	input: GenerateInput;
	maxNewTokens: number;
	/** 0 means greedy, which every benchmark uses. */
	temperature: number;
	topP?: number;
	seed?: number;
	stop?: string[];
	/** Produce exactly maxNewTokens (ignore end-of-sequence) where the engine can. */
	ignoreEos?: boolean;
}

/** One arrival of output: a local token, or a cloud content chunk (which may hold several tokens). */
export interface TokenEvent {
	text: string;
	/** Epoch milliseconds (`performance.timeOrigin + performance.now()`), taken where the token arrived. */
	tMs: number;
	/** Index of this arrival, from 0. */
	index: number;
	/** Token ids when the engine knows them (local). */
	tokenIds?: number[];
}

export type TokensSource = 'tokenizer' | 'usage' | 'chunks';
export type FinishReason = 'stop' | 'length' | 'cancelled' | 'error';

/** Which server format the timings came from (see src/lib/engine/cloud/server-timings.ts). */
export type ServerTimingsSource = 'edgewise' | 'llama.cpp' | 'vllm';

/** What the server says it measured, when it says. Records from before `source` lack all but the first two. */
export interface ServerTimings {
	/** Prompt processing as the server measured it (llama.cpp, Edgewise: prefill; vLLM: scheduling to first token). */
	promptMs?: number;
	/** The server's decode speed by Edgewise's definition, (n - 1) / (t_last - t_first), from its own figures. */
	decodeTokensPerS?: number;
	source?: ServerTimingsSource;
	promptTokens?: number;
	/** Output tokens the server's decode figures cover. */
	decodeTokens?: number;
	/** The server's first-to-last output token span. */
	decodeMs?: number;
	/** The server's own speed figure, exactly as sent, with its definition in `reportedDefinition`. */
	reportedTokensPerS?: number;
	reportedDefinition?: string;
}

/** One memory figure: bytes, or null with the reason it could not be measured here. */
export interface MemoryFigure {
	bytes: number | null;
	reason?: string;
}

/** What an on-device run held in memory (see src/lib/engine/local/memory-watch.ts for how each is taken). */
export interface RunMemory {
	/** ONNX Runtime's WebAssembly heap once the model was loaded and warmed up. */
	wasmHeapAfterLoad: MemoryFigure;
	/** The heap after this run: a wasm heap never shrinks, so this is also its peak during the run. */
	wasmHeapPeak: MemoryFigure;
	/** Bytes of the model files loaded. */
	model: MemoryFigure;
	/** The whole page, from performance.measureUserAgentSpecificMemory(), where the browser offers it. */
	page: MemoryFigure;
	/** GPU buffers created and not destroyed (WebGPU runs). */
	webgpuBuffers: MemoryFigure;
}

export interface GenerationResult {
	text: string;
	/** Epoch ms when generate() was called. */
	requestMs: number;
	/** Epoch ms of each arrival, in order (same length as the events emitted). */
	arrivalsMs: number[];
	inputTokens: number | null;
	outputTokens: number;
	tokensSource: TokensSource;
	finishReason: FinishReason;
	tokenIds?: number[];
	serverTimings?: ServerTimings;
	/**
	 * What each arrival stamp marks: 'read', a network read of a remote stream, which may carry several
	 * tokens at once (bursts), so a server's own decode figure can stand in for the client's; absent where
	 * each stamp is a token as the engine produced it (on-device engines) and in older records.
	 */
	stampedPer?: 'read';
	error?: { name: string; message: string };
	/** Caveats about this run's numbers (e.g. a cloud stream that arrived in one burst). */
	notices?: string[];
	/** On-device engines: what the run held in memory. */
	memory?: RunMemory;
}

export type LoadKind = 'cold' | 'warm';

export interface LoadResult {
	loadMs: number;
	loadKind: LoadKind;
}

/** Progress while loading, told apart by `status` (as transformers.js does). */
export type LoadProgress =
	| { status: 'file'; file: string; loadedBytes: number; totalBytes: number }
	| { status: 'total'; loadedBytes: number; totalBytes: number }
	| { status: 'stage'; stage: 'generating' | 'compiling' | 'warming-up' | 'connecting'; message: string };

export interface ModelInfo {
	id: string;
	revision?: string;
	dtype?: string;
	/** sha256 of the main ONNX file, when known. */
	fileHash?: string;
	synthetic?: boolean;
	/** One-off download size of the model, bytes. */
	bytes?: number;
}

/** The inference runtime under a local engine and the model file format it reads. */
export interface RuntimeInfo {
	/** The runtime's id in the registry (src/lib/runtimes). */
	name: string;
	/** The runtime's own version (llama.cpp: libllama's build, e.g. "b6327-4d74393"). */
	version: string;
	/** The model file format it read ('onnx', 'gguf'). */
	fileFormat: string;
	/** The file's quantization as the runtime names it (GGUF: "Q4_0", "Q8_0", "F32"). */
	quant?: string;
	/** Which build of the runtime ran (llama.cpp: the Edgewise build or wllama's), with its kernels. */
	build?: RuntimeBuild;
}

export interface RuntimeBuild {
	name: string;
	/** As the badge says it: "llama.cpp · Edgewise build · relaxed SIMD". */
	label: string;
	/** Source commit or release. */
	source: string;
	/** The SIMD flavour of its kernels: 'relaxed', 'simd128' or 'generic'. */
	simd: string;
}

/** Request fields an engine may or may not carry out (temperature, topP and maxNewTokens every engine does). */
export type RequestField = 'stop' | 'seed' | 'ignoreEos';
export type RequestFieldSupport = Record<RequestField, boolean>;

/** Everything needed to reproduce a run on this engine; never holds an API key. */
export interface EngineInfo {
	kind: EngineKind;
	label: string;
	/** Where the model runs: on this device, or behind an endpoint (its figures include the network). */
	placement: 'device' | 'remote';
	/** Whether tokens cost money per use (priced by the endpoint's settings); on-device runs cost a download. */
	priced: boolean;
	/** Which optional request fields the engine carries out; a run that sets one it cannot gets a notice. */
	honours: RequestFieldSupport;
	model: ModelInfo;
	backend?: 'webgpu' | 'wasm' | 'cpu' | 'http';
	/** ONNX Runtime build used (e.g. "ort-wasm-simd-threaded"). */
	build?: string;
	threads?: number;
	adapter?: { vendor: string; architecture: string; description?: string; isFallbackAdapter?: boolean };
	endpointBaseUrl?: string;
	runtime?: RuntimeInfo;
	notices?: string[];
	/** The device probe whose figures chose this engine's backend (Auto only); the device report keeps it. */
	probe?: import('../bench/schema').ProbeReport;
}

export interface GenerateOptions {
	signal?: AbortSignal;
	onToken?: (event: TokenEvent) => void;
}

export interface InferenceEngine {
	readonly kind: EngineKind;
	describe(): EngineInfo;
	load(onProgress?: (progress: LoadProgress) => void): Promise<LoadResult>;
	/** Streams tokens through onToken; resolves when generation ends, also when cancelled. */
	generate(request: GenerateRequest, options?: GenerateOptions): Promise<GenerationResult>;
	/** Stops the generation in flight, if any. */
	cancel(): void;
	dispose(): Promise<void>;
}

/**
 * What a run should say about the request fields this engine could not carry out, so a form that set
 * them never silently runs something else. A seed means nothing to greedy decoding, so only sampling counts.
 */
export function unhonouredFieldNotices(honours: RequestFieldSupport, request: GenerateRequest): string[] {
	const notices: string[] = [];
	if (request.stop?.length && !honours.stop)
		notices.push('This engine cannot stop at stop strings; it generated up to the token limit instead.');
	if (request.seed !== undefined && request.temperature > 0 && !honours.seed)
		notices.push('This engine cannot seed its sampler; sampled output will differ from run to run.');
	if (request.ignoreEos && !honours.ignoreEos)
		notices.push('This engine cannot ignore end-of-sequence; outputs may be shorter than the token limit.');
	return notices;
}

/** Epoch milliseconds with sub-millisecond precision, the one clock both engines use. */
export function nowMs(): number {
	return performance.timeOrigin + performance.now();
}
