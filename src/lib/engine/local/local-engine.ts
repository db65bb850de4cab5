// LocalEngine: the InferenceEngine that runs a model on this device, in a module Web Worker, through
// transformers.js on onnxruntime-web. The page side chooses the backend, forwards requests over the
// typed RPC, and turns the worker's token batches into TokenEvents (timestamps come from the worker).
import {
	nowMs,
	unhonouredFieldNotices,
	type EngineInfo,
	type GenerateOptions,
	type GenerateRequest,
	type GenerationResult,
	type InferenceEngine,
	type LoadProgress,
	type LoadResult
} from '../types';
import { RpcError, toErrorPayload, type RpcClient } from '../worker-rpc';
import { WorkerHost } from '../worker-host';
import type { LocalProtocol, WorkerLoadRequest, WorkerLoadResult, WorkerPrepareResult } from './protocol';
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
import { storedProbeLookup } from '../../probe/cache';
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
	/** The device probe's figures for Auto; default: what this browser stored for the model's shape. */
	measured?: MeasuredLookup;
}

/** transformers.js samples with Math.random, so a seed cannot be applied; stop strings are checked in the worker. */
const LOCAL_HONOURS = { stop: true, seed: false, ignoreEos: true } as const;

export function createLocalWorker(): Worker {
	return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'edgewise-local' });
}

export class LocalEngine implements InferenceEngine {
	readonly kind = 'local' as const;
	readonly options: LocalEngineOptions;
	readonly #host: WorkerHost<LocalProtocol>;
	#choice: BackendChoice | null = null;
	/** The ORT build the current worker was started for (a worker runs one build). */
	#workerBuild: OrtBuild | null = null;
	#loaded: WorkerLoadResult | null = null;
	#notices: string[] = [];
	#inFlight: { controller: AbortController; flag: Int32Array | null } | null = null;
	#preparing: Promise<WorkerPrepareResult | null> | null = null;

	constructor(options: LocalEngineOptions) {
		this.options = options;
		this.#host = new WorkerHost({
			createWorker: options.createWorker ?? createLocalWorker,
			workerName: 'model worker',
			engineName: 'local engine',
			onEnd: () => (this.#loaded = null)
		});
	}

	describe(): EngineInfo {
		const { model } = resolveSource(this.options.model);
		return {
			kind: 'local',
			label: `${sourceLabel(this.options.model)} · ${this.#choice?.device ?? this.options.backend}`,
			model: { ...model, dtype: this.options.dtype, fileHash: this.#loaded?.fileHash, bytes: this.#loaded?.bytes },
			placement: 'device',
			priced: false,
			honours: LOCAL_HONOURS,
			backend: this.#choice?.device,
			build: this.#choice?.build,
			threads: this.#loaded?.threads ?? this.#choice?.threads,
			adapter: this.#choice?.adapter,
			runtime: { name: 'onnxruntime-web', version: ORT_WEB_VERSION, fileFormat: 'onnx', quant: this.options.dtype },
			notices: [...this.#notices],
			...(this.#choice?.measured ? { probe: this.#choice.measured } : {})
		};
	}

	get loaded(): boolean {
		return this.#loaded !== null;
	}

	/** Whether the loaded model has a chat template; null until a load finished. */
	get hasChatTemplate(): boolean | null {
		return this.#loaded ? this.#loaded.chatTemplate !== false : null;
	}

	#client(): RpcClient<LocalProtocol> {
		return this.#host.client();
	}

	async #chooseBackend(): Promise<BackendChoice> {
		const environment = this.options.environment ?? browserBackendEnvironment();
		const choice = await chooseBackend(
			this.options.backend,
			this.options.dtype,
			environment,
			this.options.threads,
			this.options.wasmBuild ?? PLAIN_BUILD,
			this.options.measured ?? storedProbeLookup(this.options.model, environment)
		);
		this.#choice = choice;
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
				return await this.#client().call('prepare', {
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
		if (this.#host.current && this.#workerBuild !== build) this.#host.end();
		this.#workerBuild = build;
	}

	async #loadInWorker(onProgress?: (progress: LoadProgress) => void): Promise<WorkerLoadResult> {
		const choice = this.#choice!;
		const request: WorkerLoadRequest = {
			location: resolveSource(this.options.model).location,
			device: choice.device,
			dtype: this.options.dtype,
			threads: choice.threads,
			build: choice.build,
			wasmPaths: this.options.wasmPaths[choice.build],
			maxBytes: (await this.options.availableBytes?.()) ?? null
		};
		this.#loaded = null;
		this.#useWorkerFor(choice.build);
		const result = await this.#client().call('load', request, { onProgress });
		this.#loaded = result;
		this.#notices.push(...result.notices);
		return result;
	}

	async generate(request: GenerateRequest, options: GenerateOptions = {}): Promise<GenerationResult> {
		const requestMs = nowMs();
		try {
			return await this.#generateOnce(request, options, requestMs);
		} catch (error) {
			if (error instanceof RpcError && error.name === 'DeviceLostError' && this.#choice?.device === 'webgpu') {
				await this.#fallBackToWasm(error.message);
				return this.#generateOnce(request, options, nowMs());
			}
			return {
				text: '',
				requestMs,
				arrivalsMs: [],
				inputTokens: null,
				outputTokens: 0,
				tokensSource: 'tokenizer',
				finishReason: 'error',
				error: toErrorPayload(error)
			};
		}
	}

	async #fallBackToWasm(reason: string): Promise<void> {
		const { threads } = wasmThreads(this.options.environment ?? browserBackendEnvironment(), this.options.threads);
		const build = this.options.wasmBuild ?? PLAIN_BUILD;
		this.#choice = { device: 'wasm', threads, build, shaderF16: false, notices: [] };
		this.#notices.push(wasmFallbackNotice(reason.replace(/^The WebGPU device was lost \((.*)\)\.$/, '$1'), threads));
		await this.#loadInWorker();
	}

	async #generateOnce(
		request: GenerateRequest,
		options: GenerateOptions,
		requestMs: number
	): Promise<GenerationResult> {
		const controller = new AbortController();
		const shared = globalThis.crossOriginIsolated ? new SharedArrayBuffer(4) : undefined;
		const flag = shared ? new Int32Array(shared) : null;
		this.#inFlight = { controller, flag };
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
					ignoreEos: request.ignoreEos,
					stop: request.stop,
					requestMs,
					interruptFlag: shared
				},
				{
					signal: controller.signal,
					onProgress: (batch) => {
						batch.texts.forEach((text, i) =>
							options.onToken?.({
								text,
								// The worker sends texts, ids and times of equal length (token-streamer.ts).
								tMs: batch.timesMs[i]!,
								index: batch.startIndex + i,
								tokenIds: [batch.tokenIds[i]!]
							})
						);
					}
				}
			);
			const notices = unhonouredFieldNotices(LOCAL_HONOURS, request);
			return { ...result, requestMs, tokensSource: 'tokenizer', ...(notices.length ? { notices } : {}) };
		} finally {
			options.signal?.removeEventListener('abort', onAbort);
			if (this.#inFlight?.controller === controller) this.#inFlight = null;
		}
	}

	cancel(): void {
		const inFlight = this.#inFlight;
		if (!inFlight) return;
		if (inFlight.flag) Atomics.store(inFlight.flag, 0, 1);
		inFlight.controller.abort();
	}

	/** Live ONNX sessions in the worker (0 after unload); for tests and the Models page. */
	async stats(): Promise<{ liveSessions: number; loads: number }> {
		return this.#client().call('stats', null);
	}

	/** Releases the ONNX sessions but keeps the worker (and its compiled wasm) for the next load. */
	async unload(): Promise<void> {
		this.cancel();
		await this.#host.current?.call('unload', null);
		this.#loaded = null;
	}

	async dispose(): Promise<void> {
		await this.#host.dispose(() => this.unload());
	}
}
