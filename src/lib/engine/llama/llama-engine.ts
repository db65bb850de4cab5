// LlamaCppEngine: the InferenceEngine that runs a GGUF model on this device with llama.cpp compiled to
// wasm (@wllama/wllama), in a module Web Worker. The page side picks threads and backend, forwards
// requests over the typed RPC, and turns the worker's chunks into TokenEvents (timestamps come from the
// worker, where each chunk arrives). llama.cpp's own timings ride along as serverTimings.
import {
	nowMs,
	type EngineInfo,
	type GenerateOptions,
	type GenerateRequest,
	type GenerationResult,
	type InferenceEngine,
	type LoadProgress,
	type LoadResult,
	type ModelInfo
} from '../types';
import type { RpcClient } from '../worker-rpc';
import { WorkerHost } from '../worker-host';
import {
	browserBackendEnvironment,
	describeAdapter,
	wasmThreads,
	type BackendEnvironment,
	type BackendPreference
} from '../local/backend';
import type { LlamaBuildChoice, LlamaLoadResult, LlamaProtocol, LlamaTwinFile } from './protocol';
import { WLLAMA_VERSION } from './llama-files';

/** What llama.cpp's Auto runs, measured (probe/auto-choice.ts makes one from the device probe). */
export interface LlamaAutoChoice {
	device: 'webgpu' | 'wasm';
	threads: number;
	/** Said with the engine's notices: "Auto: llama.cpp Q4_0, 2 threads measured fastest …". */
	notice: string;
}

export interface LlamaCppEngineOptions {
	/** The GGUF file, or the parts of a split file in order (absolute URLs or app paths). */
	urls: string[];
	/** Instead of urls: a twin the worker generates in memory and never stores (the device probe's). */
	twin?: LlamaTwinFile;
	/** What results record as the model: id, revision, synthetic... (dtype is filled with the file's quant). */
	model: ModelInfo;
	label?: string;
	/** 'auto' uses WebGPU only on a real (non-fallback) adapter; 'webgpu' also on a software one. */
	backend: BackendPreference;
	threads?: number;
	/**
	 * For backend 'auto': what the device probe measured fastest for this model's shape and format here
	 * (null: not measured); given the adapter, which is part of the probe's key. Threads set in `threads` win.
	 */
	autoChoice?: (adapter: EngineInfo['adapter'] | null) => LlamaAutoChoice | null;
	/** The app's own wllama.wasm (llama-files.ts). */
	wasmUrl: string;
	/** Which llama.cpp build (default 'auto': Edgewise's where it can run, else wllama's). */
	build?: LlamaBuildChoice;
	/** Context length, tokens (prompt + output). Default 2048. */
	contextTokens?: number;
	/** Record each output token's id (llama.cpp then ranks every token once per step: a small cost). */
	tokenIds?: boolean;
	availableBytes?: () => Promise<number | null>;
	createWorker?: () => Worker;
	environment?: BackendEnvironment;
}

export function createLlamaWorker(): Worker {
	return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'edgewise-llama' });
}

interface Choice {
	device: 'webgpu' | 'wasm';
	threads: number;
	adapter?: EngineInfo['adapter'];
	notices: string[];
}

export class LlamaCppEngine implements InferenceEngine {
	readonly kind = 'local' as const;
	readonly options: LlamaCppEngineOptions;
	readonly #host: WorkerHost<LlamaProtocol>;
	#choice: Choice | null = null;
	#loaded: LlamaLoadResult | null = null;
	#inFlight: AbortController | null = null;

	constructor(options: LlamaCppEngineOptions) {
		this.options = options;
		this.#host = new WorkerHost({
			createWorker: options.createWorker ?? createLlamaWorker,
			workerName: 'llama.cpp worker',
			engineName: 'llama.cpp engine',
			onEnd: () => (this.#loaded = null)
		});
	}

	describe(): EngineInfo {
		const loaded = this.#loaded;
		const device = this.#choice?.device;
		return {
			kind: 'local',
			placement: 'device',
			priced: false,
			// llama.cpp's completion takes stop strings, a sampling seed and ignore_eos as they are.
			honours: { stop: true, seed: true, ignoreEos: true },
			label: this.options.label ?? `${this.options.model.id} · llama.cpp ${device ?? this.options.backend}`,
			model: {
				...this.options.model,
				dtype: loaded?.quant ?? this.options.model.dtype,
				bytes: loaded?.bytes ?? this.options.model.bytes
			},
			backend: device,
			build:
				loaded?.build.name === 'edgewise'
					? `edgewise-${loaded.build.simd}-${loaded.build.source.slice(0, 8)}`
					: `wllama-${WLLAMA_VERSION}`,
			threads: loaded?.threads ?? this.#choice?.threads,
			adapter: this.#choice?.adapter,
			runtime: {
				name: 'llama.cpp',
				version: loaded?.version ?? 'not loaded',
				fileFormat: 'gguf',
				quant: loaded?.quant,
				build: loaded?.build
			},
			notices: [...(this.#choice?.notices ?? []), ...(loaded?.notices ?? [])]
		};
	}

	get loaded(): boolean {
		return this.#loaded !== null;
	}

	get hasChatTemplate(): boolean | null {
		return this.#loaded ? this.#loaded.chatTemplate : null;
	}

	#client(): RpcClient<LlamaProtocol> {
		return this.#host.client();
	}

	async #choose(): Promise<Choice> {
		const env = this.options.environment ?? browserBackendEnvironment();
		const preference = this.options.backend;
		const raw =
			preference !== 'wasm' && env.gpu
				? await env.gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null)
				: null;
		const info = raw ? describeAdapter(raw) : undefined;
		const measured = preference === 'auto' ? (this.options.autoChoice?.(info ?? null) ?? null) : null;
		const { threads, notice } = wasmThreads(env, this.options.threads ?? measured?.threads);
		const notices = [...(measured ? [measured.notice] : []), ...(notice ? [notice] : [])];
		// A measurement on WebAssembly beats the rule that a real adapter means WebGPU.
		if (measured?.device !== 'wasm' && preference !== 'wasm') {
			if (info && (!info.isFallbackAdapter || preference === 'webgpu')) {
				if (info.isFallbackAdapter)
					notices.push(
						`WebGPU here is a software adapter (${info.architecture}): correct but far slower than WebAssembly.`
					);
				return { device: 'webgpu', threads, adapter: info, notices };
			}
			if (info?.isFallbackAdapter)
				notices.push(`WebAssembly: the only WebGPU adapter is a software one (${info.architecture}).`);
		}
		if (preference === 'webgpu')
			notices.push('WebGPU is not available in this browser; llama.cpp runs on WebAssembly.');
		return { device: 'wasm', threads, notices };
	}

	async load(onProgress?: (progress: LoadProgress) => void): Promise<LoadResult> {
		const startMs = nowMs();
		this.#loaded = null;
		const choice = await this.#choose();
		this.#choice = choice;
		const base = globalThis.location?.href ?? 'http://localhost/';
		const result = await this.#client().call(
			'load',
			{
				model: this.options.twin
					? { urls: [], twin: this.options.twin }
					: { urls: this.options.urls.map((url) => new URL(url, base).href) },
				wasmUrl: this.options.wasmUrl,
				build: this.options.build ?? 'auto',
				threads: choice.threads,
				webgpu: choice.device === 'webgpu',
				contextTokens: this.options.contextTokens ?? 2048,
				maxBytes: (await this.options.availableBytes?.()) ?? null
			},
			{ onProgress }
		);
		if (choice.device === 'webgpu' && result.gpuLayers === 0) {
			// What runs is what is recorded: llama.cpp registered no WebGPU device, so every layer is on the CPU.
			this.#choice = {
				...choice,
				device: 'wasm',
				notices: [
					...choice.notices,
					`llama.cpp found no WebGPU device it can use on this adapter (${choice.adapter?.architecture ?? 'unknown'}); it runs on WebAssembly.`
				]
			};
		}
		this.#loaded = result;
		return { loadMs: nowMs() - startMs, loadKind: result.loadKind };
	}

	async generate(request: GenerateRequest, options: GenerateOptions = {}): Promise<GenerationResult> {
		const requestMs = nowMs();
		const controller = new AbortController();
		this.#inFlight = controller;
		const onAbort = () => this.cancel();
		options.signal?.addEventListener('abort', onAbort, { once: true });
		if (options.signal?.aborted) this.cancel();
		try {
			const result = await this.#client().call(
				'generate',
				{
					input: request.input,
					maxNewTokens: request.maxNewTokens,
					temperature: request.temperature,
					topP: request.topP,
					seed: request.seed,
					stop: request.stop,
					ignoreEos: request.ignoreEos,
					tokenIds: this.options.tokenIds,
					requestMs
				},
				{
					signal: controller.signal,
					onProgress: (batch) =>
						batch.texts.forEach((text, i) =>
							options.onToken?.({
								text,
								// texts, tokenIds and timesMs are pushed together, one entry per token
								tMs: batch.timesMs[i]!,
								index: batch.startIndex + i,
								tokenIds: this.options.tokenIds ? batch.tokenIds[i] : undefined
							})
						)
				}
			);
			// Chunks, not tokens, when llama.cpp held bytes back (a multi-byte character split over tokens).
			const tokensSource = result.outputTokens === result.arrivalsMs.length ? 'tokenizer' : 'usage';
			return { ...result, requestMs, tokensSource };
		} catch (error) {
			const { name, message } = error instanceof Error ? error : new Error(String(error));
			return {
				text: '',
				requestMs,
				arrivalsMs: [],
				inputTokens: null,
				outputTokens: 0,
				tokensSource: 'tokenizer',
				finishReason: 'error',
				error: { name, message }
			};
		} finally {
			options.signal?.removeEventListener('abort', onAbort);
			if (this.#inFlight === controller) this.#inFlight = null;
		}
	}

	cancel(): void {
		this.#inFlight?.abort();
	}

	/** Live llama.cpp instances in the worker (0 after unload); for tests. */
	async stats(): Promise<{ liveModels: number; loads: number }> {
		return this.#client().call('stats', null);
	}

	/** Ends the worker at once (a pending load or run rejects), as a cancelled probe needs. */
	terminate(): void {
		this.#host.end();
	}

	/** Frees llama.cpp's memory (its wasm instance and worker) but keeps this engine's worker. */
	async unload(): Promise<void> {
		this.cancel();
		await this.#host.current?.call('unload', null);
		this.#loaded = null;
	}

	async dispose(): Promise<void> {
		await this.#host.dispose(() => this.unload());
	}
}
