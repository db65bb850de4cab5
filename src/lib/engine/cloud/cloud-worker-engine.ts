// The CloudEngine the app uses: the same InferenceEngine, with the stream read in a worker. Events keep
// the worker's timestamps; errors come back inside the result as they do from CloudEngine.
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
import { createRpcClient, toErrorPayload, type RpcClient, type RpcEndpoint } from '../worker-rpc';
import { CloudEngine } from './cloud-engine';
import type { CloudProtocol, CloudWorkerConfig } from './protocol';
import { CloudOfflineError } from './errors';
import type { ConnectionReport } from './test-connection';

export function createCloudWorker(): Worker {
	return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'edgewise-cloud' });
}

export class CloudWorkerEngine implements InferenceEngine {
	readonly kind = 'cloud' as const;
	#rpc: RpcClient<CloudProtocol>;
	#inFlight: AbortController | null = null;

	constructor(
		readonly config: CloudWorkerConfig,
		private readonly endpoint: RpcEndpoint & { terminate?(): void } = createCloudWorker()
	) {
		this.#rpc = createRpcClient<CloudProtocol>(endpoint);
	}

	describe(): EngineInfo {
		// Same description as the in-thread engine; it never includes the key.
		return new CloudEngine(this.config).describe();
	}

	async load(onProgress?: (progress: LoadProgress) => void): Promise<LoadResult> {
		try {
			return await this.#rpc.call('load', this.config, { onProgress });
		} catch (error) {
			throw this.#offline(error as { name: string }) ?? error;
		}
	}

	async generate(request: GenerateRequest, options: GenerateOptions = {}): Promise<GenerationResult> {
		const controller = new AbortController();
		this.#inFlight?.abort();
		this.#inFlight = controller;
		const onAbort = () => controller.abort();
		options.signal?.addEventListener('abort', onAbort);
		if (options.signal?.aborted) controller.abort();
		const requestMs = nowMs();
		try {
			const result = await this.#rpc.call(
				'generate',
				{ config: this.config, request },
				{ signal: controller.signal, onProgress: (events) => events.forEach((e) => options.onToken?.(e)) }
			);
			// The worker's own request time is later by one postMessage; the page's is when the caller asked.
			const offline = result.error && this.#offline(result.error);
			return {
				...result,
				requestMs: Math.min(requestMs, result.requestMs),
				...(offline && { error: toErrorPayload(offline) })
			};
		} finally {
			options.signal?.removeEventListener('abort', onAbort);
			if (this.#inFlight === controller) this.#inFlight = null;
		}
	}

	listModels(): Promise<string[]> {
		return this.#rpc.call('listModels', this.config);
	}

	async testConnection(): Promise<ConnectionReport> {
		const report = await this.#rpc.call('testConnection', this.config);
		const offline = report.error && this.#offline(report.error);
		return offline ? { ...report, error: toErrorPayload(offline) } : report;
	}

	/** The page knows it is offline even where a worker's navigator.onLine lags: say that, not "check CORS". */
	#offline(error: { name: string }): CloudOfflineError | null {
		const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
		return offline && error.name === 'CloudNetworkError' ? new CloudOfflineError(this.config.baseUrl) : null;
	}

	cancel(): void {
		this.#inFlight?.abort();
	}

	async dispose(): Promise<void> {
		this.cancel();
		this.#rpc.close();
		this.endpoint.terminate?.();
	}
}
