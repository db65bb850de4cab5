// LocalEngine: the InferenceEngine that runs a model on this device, in a module Web Worker, through
// transformers.js on onnxruntime-web. The run plumbing is WorkerEngine's (shared with llama.cpp); what is
// ONNX Runtime's own stays here: the backend choice with its precision rules, prepare() ahead of a load,
// one worker per ORT build, and the fall back to wasm when the WebGPU device is lost.
import { ONNX_RUNTIME_ID } from '../../runtimes/onnx/id';
import {
	nowMs,
	unhonouredFieldNotices,
	type EngineInfo,
	type GenerateRequest,
	type GenerationResult,
	type LoadProgress,
	type LoadResult
} from '../types';
import { RpcError } from '../worker-rpc';
import { WorkerEngine, workerDecoding } from '../device/worker-engine';
import type {
	LocalProtocol,
	TokenBatch,
	WorkerGenerateResult,
	WorkerLoadRequest,
	WorkerLoadResult,
	WorkerPrepareResult
} from './protocol';
import {
	ORT_WEB_VERSION,
	browserBackendEnvironment,
	chooseBackend,
	wasmFallbackNotice,
	wasmThreads,
	PLAIN_BUILD,
	type OrtBuild,
	type OrtWasmPaths,
	type BackendChoice,
	type BackendEnvironment,
	type BackendPreference,
	type MeasuredLookup
} from './backend';
import { resolveSource, sourceLabel, type ModelSource } from '../../models/sources';

export interface LocalEngineOptions {
	model: ModelSource;
	backend: BackendPreference;
	dtype: string;
	threads?: number;
	/** The app's own ONNX Runtime files, per build (see ort-files.ts). */
	wasmPaths: OrtWasmPaths;
	/** prepare() reserves wasm heap for the model when it is cached (default); false only to measure the difference. */
	reserveHeap?: boolean;
	/** ORT build for the wasm device (default: the plain one); asyncify only to measure the difference. */
	wasmBuild?: OrtBuild;
	/** Bytes the browser can still store; a model larger than this is refused before download. */
	availableBytes?: () => Promise<number | null>;
	createWorker?: () => Worker;
	environment?: BackendEnvironment;
	/** The device probe's figures for Auto (the caller reads them from the probe cache); absent: not measured. */
	measured?: MeasuredLookup;
}

/** transformers.js samples with Math.random, so a seed cannot be applied; stop strings are checked in the worker. */
const LOCAL_HONOURS = { stop: true, seed: false, ignoreEos: true } as const;

export function createLocalWorker(): Worker {
	return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'edgewise-local' });
}

export class LocalEngine extends WorkerEngine<LocalProtocol, BackendChoice> {
	readonly options: LocalEngineOptions;
	/** The ORT build the current worker was started for (a worker runs one build). */
	#workerBuild: OrtBuild | null = null;
	#notices: string[] = [];
	#preparing: Promise<WorkerPrepareResult | null> | null = null;

	constructor(options: LocalEngineOptions) {
		super({
			createWorker: options.createWorker ?? createLocalWorker,
			workerName: 'model worker',
			engineName: 'local engine',
			honours: LOCAL_HONOURS,
			interruptFlag: true
		});
		this.options = options;
	}

	describe(): EngineInfo {
		const { model } = resolveSource(this.options.model);
		const loaded = this.loadedModel;
		return {
			...this.deviceInfo(),
			label: `${sourceLabel(this.options.model)} · ${this.choice?.device ?? this.options.backend}`,
			model: { ...model, dtype: this.options.dtype, fileHash: loaded?.fileHash, bytes: loaded?.bytes },
			build: this.choice?.build,
			runtime: { name: ONNX_RUNTIME_ID, version: ORT_WEB_VERSION, fileFormat: 'onnx', quant: this.options.dtype },
			notices: [...this.#notices],
			...(this.choice?.measured ? { probe: this.choice.measured } : {})
		};
	}

	async #chooseBackend(): Promise<BackendChoice> {
		const choice = await chooseBackend(
			this.options.backend,
			this.options.dtype,
			this.options.environment ?? browserBackendEnvironment(),
			this.options.threads,
			this.options.wasmBuild ?? PLAIN_BUILD,
			this.options.measured
		);
		this.choice = choice;
		this.#notices = [...choice.notices];
		return choice;
	}

	/**
	 * Starts the worker and its ONNX Runtime before load() is asked for (the Compare page calls this when
	 * someone starts on a prompt), so the load they then wait for skips the worker's start, the runtime's
	 * imports, its wasm start-up and, on WebGPU, the GPU device's creation. Optional: load() does all of it
	 * otherwise. Resolves to how long that took and how much heap it reserved, or null when it failed
	 * (load() then tries again and reports the error).
	 */
	prepare(): Promise<WorkerPrepareResult | null> {
		this.#preparing ??= (async () => {
			try {
				const choice = await this.#chooseBackend();
				this.#useWorkerFor(choice.build);
				return await this.client().call('prepare', {
					device: choice.device,
					threads: choice.threads,
					build: choice.build,
					wasmPaths: this.options.wasmPaths[choice.build],
					model:
						this.options.reserveHeap === false
							? undefined
							: { location: resolveSource(this.options.model).location, dtype: this.options.dtype }
				});
			} catch {
				return null;
			}
		})();
		return this.#preparing;
	}

	async load(onProgress?: (progress: LoadProgress) => void): Promise<LoadResult> {
		const startMs = nowMs();
		// A prepare in flight finishes first (its worker is the one this load uses); a successful one has
		// already chosen the backend (no second WebGPU adapter request).
		if ((await this.#preparing) == null) await this.#chooseBackend();
		const result = await this.#loadInWorker(onProgress);
		return { loadMs: nowMs() - startMs, loadKind: result.loadKind };
	}

	/** One worker runs one ORT build: a different build (WebGPU lost -> wasm) needs a fresh worker. */
	#useWorkerFor(build: OrtBuild): void {
		// Ending the old worker frees its sessions; no unload call first, which could hang on a lost GPU device.
		if (this.host.current && this.#workerBuild !== build) this.host.end();
		this.#workerBuild = build;
	}

	async #loadInWorker(onProgress?: (progress: LoadProgress) => void): Promise<WorkerLoadResult> {
		const choice = this.choice!;
		const request: WorkerLoadRequest = {
			location: resolveSource(this.options.model).location,
			device: choice.device,
			dtype: this.options.dtype,
			threads: choice.threads,
			build: choice.build,
			wasmPaths: this.options.wasmPaths[choice.build],
			maxBytes: (await this.options.availableBytes?.()) ?? null
		};
		this.loadedModel = null;
		this.#useWorkerFor(choice.build);
		const result = await this.client().call('load', request, { onProgress });
		this.loadedModel = result;
		this.#notices.push(...result.notices);
		return result;
	}

	/** A lost WebGPU device: the model is loaded again on wasm, in a fresh worker, and the run tried once more. */
	protected override async recover(error: unknown): Promise<boolean> {
		if (!(error instanceof RpcError && error.name === 'DeviceLostError' && this.choice?.device === 'webgpu'))
			return false;
		await this.#fallBackToWasm(error.message);
		return true;
	}

	async #fallBackToWasm(reason: string): Promise<void> {
		const { threads } = wasmThreads(this.options.environment ?? browserBackendEnvironment(), this.options.threads);
		const build = this.options.wasmBuild ?? PLAIN_BUILD;
		this.choice = { device: 'wasm', threads, build, shaderF16: false, notices: [] };
		this.#notices.push(wasmFallbackNotice(reason.replace(/^The WebGPU device was lost \((.*)\)\.$/, '$1'), threads));
		await this.#loadInWorker();
	}

	protected workerRequest(request: GenerateRequest, requestMs: number, interruptFlag: SharedArrayBuffer | undefined) {
		return { ...workerDecoding(request, requestMs), interruptFlag };
	}

	protected tokenIdsAt(batch: TokenBatch, i: number): number[] {
		// The worker sends texts, ids and times of equal length (token-streamer.ts).
		return [batch.tokenIds[i]!];
	}

	protected finish(result: WorkerGenerateResult, request: GenerateRequest, requestMs: number): GenerationResult {
		const notices = unhonouredFieldNotices(LOCAL_HONOURS, request);
		return { ...result, requestMs, tokensSource: 'tokenizer', ...(notices.length ? { notices } : {}) };
	}
}
