// Shapes shared by the engine benchmark's runners (native, raw page, app page).

export interface LoadOutcome {
	loadMs: number;
	threads: number;
	build: string;
	loadKind?: string;
	/** The app page's load timeline (ms from the call): onnxFirstMs, onnxReadMs, warming-upMs, readyMs. */
	stages?: Record<string, number>;
	/** App page with prepare: how long LocalEngine.prepare() took before the timed load. */
	prepareMs?: number;
	/** Wasm heap that prepare() reserved for the load (bytes). */
	reservedBytes?: number;
}

/** One generate call: epoch-ms timestamps per new token, taken where the tokens are produced. */
export interface EngineRun {
	requestMs: number;
	timesMs: number[];
	tokenIds: number[];
	inputTokens: number | null;
	/** Duration of each session.run call (prefill, then one per decode step) where the runner sees it. */
	sessionRunCallsMs?: number[];
	/** llama.cpp's own decode figure for the run (its `timings`), where the runner has it. */
	serverDecodeTokensPerS?: number;
}

export type EngineKind = 'native' | 'raw' | 'app' | 'llama-native' | 'llama-wasm';

export interface RunnerConfig {
	engine: EngineKind;
	threads: number;
}
