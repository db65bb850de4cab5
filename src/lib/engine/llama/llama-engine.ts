// LlamaCppEngine: the InferenceEngine that runs a GGUF model on this device with llama.cpp compiled to
// wasm (the Edgewise build or @wllama/wllama), in a module Web Worker. The run plumbing is WorkerEngine's
// (shared with ONNX Runtime); what is llama.cpp's own stays here: the device choice in its words, the build,
// twin files, WebAssembly recorded when llama.cpp put no layer on the GPU, token ids on request, and
// terminate(). llama.cpp's own timings ride along as serverTimings.
import { LLAMA_RUNTIME_ID } from '../../runtimes/llama/id';
import {
	nowMs,
	type EngineInfo,
	type GenerateRequest,
	type GenerationResult,
	type LoadProgress,
	type LoadResult,
	type ModelInfo
} from '../types';
import { WorkerEngine, workerDecoding, type ChosenDevice } from '../device/worker-engine';
import {
	browserBackendEnvironment,
	chooseDevice,
	type BackendEnvironment,
	type BackendPreference
} from '../device/device-choice';
import type { LlamaBuildChoice, LlamaChunkBatch, LlamaGenerateResult, LlamaProtocol, LlamaTwinFile } from './protocol';
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

interface Choice extends ChosenDevice {
	notices: string[];
}

/** llama.cpp's completion takes stop strings, a sampling seed and ignore_eos as they are. */
const LLAMA_HONOURS = { stop: true, seed: true, ignoreEos: true } as const;

export class LlamaCppEngine extends WorkerEngine<LlamaProtocol, Choice> {
	readonly options: LlamaCppEngineOptions;

	constructor(options: LlamaCppEngineOptions) {
		super({
			createWorker: options.createWorker ?? createLlamaWorker,
			workerName: 'llama.cpp worker',
			engineName: 'llama.cpp engine',
			honours: LLAMA_HONOURS
		});
		this.options = options;
	}

	describe(): EngineInfo {
		const loaded = this.loadedModel;
		const device = this.choice?.device;
		return {
			...this.deviceInfo(),
			label: this.options.label ?? `${this.options.model.id} · llama.cpp ${device ?? this.options.backend}`,
			model: {
				...this.options.model,
				dtype: loaded?.quant ?? this.options.model.dtype,
				bytes: loaded?.bytes ?? this.options.model.bytes
			},
			build:
				loaded?.build.name === 'edgewise'
					? `edgewise-${loaded.build.simd}-${loaded.build.source.slice(0, 8)}`
					: `wllama-${WLLAMA_VERSION}`,
			runtime: {
				name: LLAMA_RUNTIME_ID,
				version: loaded?.version ?? 'not loaded',
				fileFormat: 'gguf',
				quant: loaded?.quant,
				build: loaded?.build
			},
			notices: [...(this.choice?.notices ?? []), ...(loaded?.notices ?? [])]
		};
	}

	async #choose(): Promise<Choice> {
		const decision = await chooseDevice({
			preference: this.options.backend,
			env: this.options.environment ?? browserBackendEnvironment(),
			requestedThreads: this.options.threads,
			measured: (adapter) => this.options.autoChoice?.(adapter) ?? null,
			wording: {
				forcedSoftware: (adapter) =>
					`WebGPU here is a software adapter (${adapter.architecture}): correct but far slower than WebAssembly.`,
				autoSkippedSoftware: (adapter) =>
					`WebAssembly: the only WebGPU adapter is a software one (${adapter.architecture}).`,
				forcedNoAdapter: 'WebGPU is not available in this browser; llama.cpp runs on WebAssembly.'
			}
		});
		const { device, threads, adapter } = decision;
		const notices = [decision.measured?.notice, decision.threadsNotice, decision.adapterNotice];
		return { device, threads, adapter, notices: notices.filter((notice) => notice !== undefined) };
	}

	async load(onProgress?: (progress: LoadProgress) => void): Promise<LoadResult> {
		const startMs = nowMs();
		this.loadedModel = null;
		const choice = await this.#choose();
		this.choice = choice;
		const base = globalThis.location?.href ?? 'http://localhost/';
		const result = await this.client().call(
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
			this.choice = {
				...choice,
				device: 'wasm',
				notices: [
					...choice.notices,
					`llama.cpp found no WebGPU device it can use on this adapter (${choice.adapter?.architecture ?? 'unknown'}); it runs on WebAssembly.`
				]
			};
		}
		this.loadedModel = result;
		return { loadMs: nowMs() - startMs, loadKind: result.loadKind };
	}

	protected workerRequest(request: GenerateRequest, requestMs: number) {
		return { ...workerDecoding(request, requestMs), seed: request.seed, tokenIds: this.options.tokenIds };
	}

	protected tokenIdsAt(batch: LlamaChunkBatch, i: number): number[] | undefined {
		return this.options.tokenIds ? batch.tokenIds[i] : undefined;
	}

	protected finish(result: LlamaGenerateResult, _request: GenerateRequest, requestMs: number): GenerationResult {
		// Chunks, not tokens, when llama.cpp held bytes back (a multi-byte character split over tokens).
		const tokensSource = result.outputTokens === result.arrivalsMs.length ? 'tokenizer' : 'usage';
		return { ...result, requestMs, tokensSource };
	}

	/** Ends the worker at once (a pending load or run rejects), as a cancelled probe needs. */
	terminate(): void {
		this.host.end();
	}
}
