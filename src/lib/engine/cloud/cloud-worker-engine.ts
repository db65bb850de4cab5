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
import { createRpcClient, type RpcClient, type RpcEndpoint } from '../worker-rpc';
import { CloudEngine } from './cloud-engine';
import type { CloudProtocol, CloudWorkerConfig } from './protocol';
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

	load(onProgress?: (progress: LoadProgress) => void): Promise<LoadResult> {
		return this.#rpc.call('load', this.config, { onProgress });
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
			return { ...result, requestMs: Math.min(requestMs, result.requestMs) };
		} finally {
			options.signal?.removeEventListener('abort', onAbort);
			if (this.#inFlight === controller) this.#inFlight = null;
		}
	}

	listModels(): Promise<string[]> {
		return this.#rpc.call('listModels', this.config);
	}

	testConnection(): Promise<ConnectionReport> {
		return this.#rpc.call('testConnection', this.config);
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
