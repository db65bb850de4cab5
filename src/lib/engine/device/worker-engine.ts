// What both on-device engines are, whichever runtime their worker runs (LocalEngine: ONNX Runtime web;
// LlamaCppEngine: llama.cpp): a worker held by a WorkerHost, one run in flight that the caller's signal or
// cancel() stops, the worker's batches turned into TokenEvents with the worker's own timestamps, a failed
// run resolved as a result with its error (a benchmark records it and goes on), and unload, stats and
// dispose. Each engine adds how it chooses and loads, what it sends with a run and what it records.
import {
	nowMs,
	type EngineInfo,
	type GenerateOptions,
	type GenerateRequest,
	type GenerationResult,
	type InferenceEngine,
	type LoadProgress,
	type LoadResult
} from '../types';
import { toErrorPayload, type RpcClient } from '../worker-rpc';
import { WorkerHost, type WorkerHostOptions } from '../worker-host';
import type { AdapterInfo, Device } from './device-choice';
import type { DeviceProtocol, WorkerDecoding } from './protocol';

export interface WorkerEngineOptions extends Pick<WorkerHostOptions, 'createWorker' | 'workerName' | 'engineName'> {
	/** Which request fields the runtime carries out (EngineInfo.honours). */
	honours: EngineInfo['honours'];
	/**
	 * The worker also watches a flag in shared memory (cross-origin isolated pages only), so a cancel lands
	 * between two steps of a run that never yields to read its messages.
	 */
	interruptFlag?: boolean;
}

/** Where the engine runs, once chosen. */
export interface ChosenDevice {
	device: Device;
	threads: number;
	adapter?: AdapterInfo;
}

/** A run that ended in an error, as every engine reports one: no text, the error's name and message. */
export function failedGeneration(requestMs: number, error: unknown): GenerationResult {
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

/** The fields the worker needs of a request, picked one by one (the request may carry more than can be cloned). */
export function workerDecoding(request: GenerateRequest, requestMs: number): WorkerDecoding {
	return {
		input: request.input,
		maxNewTokens: request.maxNewTokens,
		temperature: request.temperature,
		topP: request.topP,
		stop: request.stop,
		ignoreEos: request.ignoreEos,
		requestMs
	};
}

export abstract class WorkerEngine<P extends DeviceProtocol, C extends ChosenDevice> implements InferenceEngine {
	readonly kind = 'local' as const;
	protected readonly host: WorkerHost<P>;
	/** Where the model runs, once chosen (a load or, for ONNX Runtime, a prepare chooses). */
	protected choice: C | null = null;
	/** The worker's answer to the load, while its model is loaded. */
	protected loadedModel: P['load']['result'] | null = null;
	readonly #settings: WorkerEngineOptions;
	#inFlight: { controller: AbortController; flag: Int32Array | null } | null = null;

	constructor(settings: WorkerEngineOptions) {
		this.#settings = settings;
		this.host = new WorkerHost<P>({
			createWorker: settings.createWorker,
			workerName: settings.workerName,
			engineName: settings.engineName,
			onEnd: () => (this.loadedModel = null)
		});
	}

	abstract describe(): EngineInfo;
	abstract load(onProgress?: (progress: LoadProgress) => void): Promise<LoadResult>;
	/** What the worker is sent for a run. */
	protected abstract workerRequest(
		request: GenerateRequest,
		requestMs: number,
		interruptFlag: SharedArrayBuffer | undefined
	): P['generate']['request'];
	/** The ids of the batch's i-th arrival, when the engine records them. */
	protected abstract tokenIdsAt(batch: P['generate']['progress'], i: number): number[] | undefined;
	/** The worker's result as the engine reports it. */
	protected abstract finish(
		result: P['generate']['result'],
		request: GenerateRequest,
		requestMs: number
	): GenerationResult;

	/**
	 * A failed run the engine can recover from (ONNX Runtime: a lost WebGPU device), made ready for one more
	 * try; false reports the failure.
	 */
	protected async recover(_error: unknown): Promise<boolean> {
		return false;
	}

	get loaded(): boolean {
		return this.loadedModel !== null;
	}

	/** Whether the loaded model has a chat template; null until a load finished. */
	get hasChatTemplate(): boolean | null {
		return this.loadedModel ? this.loadedModel.chatTemplate !== false : null;
	}

	/** The fields of describe() every on-device engine fills alike; the rest are the runtime's. */
	protected deviceInfo(): Pick<
		EngineInfo,
		'kind' | 'placement' | 'priced' | 'honours' | 'backend' | 'threads' | 'adapter'
	> {
		return {
			kind: 'local',
			placement: 'device',
			priced: false,
			honours: this.#settings.honours,
			backend: this.choice?.device,
			threads: this.loadedModel?.threads ?? this.choice?.threads,
			adapter: this.choice?.adapter
		};
	}

	protected client(): RpcClient<P> {
		return this.host.client();
	}

	/** The worker's client, seen through the messages every on-device worker shares. */
	#shared(): RpcClient<DeviceProtocol> {
		return this.host.client();
	}

	/** The running worker's client, if one runs (unload starts none). */
	#current(): RpcClient<DeviceProtocol> | null {
		return this.host.current;
	}

	async generate(request: GenerateRequest, options: GenerateOptions = {}): Promise<GenerationResult> {
		const requestMs = nowMs();
		try {
			return await this.#generateOnce(request, options, requestMs);
		} catch (error) {
			// The retry's own failure rejects: a second failure in a row is not one a result can describe.
			if (await this.recover(error)) return this.#generateOnce(request, options, nowMs());
			return failedGeneration(requestMs, error);
		}
	}

	async #generateOnce(
		request: GenerateRequest,
		options: GenerateOptions,
		requestMs: number
	): Promise<GenerationResult> {
		const controller = new AbortController();
		const shared =
			this.#settings.interruptFlag && globalThis.crossOriginIsolated ? new SharedArrayBuffer(4) : undefined;
		this.#inFlight = { controller, flag: shared ? new Int32Array(shared) : null };
		const onAbort = () => this.cancel();
		options.signal?.addEventListener('abort', onAbort, { once: true });
		if (options.signal?.aborted) this.cancel();
		try {
			const result = await this.#shared().call('generate', this.workerRequest(request, requestMs, shared), {
				signal: controller.signal,
				onProgress: (batch) =>
					batch.texts.forEach((text, i) =>
						options.onToken?.({
							text,
							// The worker pushes texts, ids and times together, one entry per arrival.
							tMs: batch.timesMs[i]!,
							index: batch.startIndex + i,
							tokenIds: this.tokenIdsAt(batch, i)
						})
					)
			});
			return this.finish(result, request, requestMs);
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

	/** What the worker holds (0 after unload) and how many loads it did; for tests and the Models page. */
	async stats(): Promise<P['stats']['result']> {
		return this.#shared().call('stats', null);
	}

	/** Frees the model but keeps the worker (and its compiled runtime) for the next load. */
	async unload(): Promise<void> {
		this.cancel();
		await this.#current()?.call('unload', null);
		this.loadedModel = null;
	}

	async dispose(): Promise<void> {
		await this.host.dispose(() => this.unload());
	}
}
