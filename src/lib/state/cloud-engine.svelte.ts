// The app-wide cloud engine for the Compare page: `engine` is a CloudWorkerEngine for the
// selected endpoint, rebuilt when that endpoint changes, so its stream is read in a worker. `check()`
// runs the engine's load (reach the endpoint, confirm the model); "Test connection" and the model list
// in Settings go through a worker too.
import type { TokenPrices } from '$lib/bench/cost';
import { CloudWorkerEngine } from '$lib/engine/cloud/cloud-worker-engine';
import type { CloudWorkerConfig } from '$lib/engine/cloud/protocol';
import type { ConnectionReport } from '$lib/engine/cloud/test-connection';
import type { LoadResult } from '$lib/engine/types';
import { endpoints, type SavedEndpoint } from './endpoints.svelte';

export type CloudStatus = 'idle' | 'checking' | 'ready' | 'error';

export function endpointConfig(endpoint: SavedEndpoint, apiKey: string): CloudWorkerConfig {
	const ms = (s: number | undefined) =>
		typeof s === 'number' && Number.isFinite(s) && s > 0 ? Math.round(s * 1000) : undefined;
	const timeouts = {
		connectTimeoutMs: ms(endpoint.connectTimeoutS),
		firstTokenTimeoutMs: ms(endpoint.firstTokenTimeoutS),
		idleTimeoutMs: ms(endpoint.idleTimeoutS)
	};
	return {
		baseUrl: endpoint.baseUrl.trim(),
		model: endpoint.model.trim(),
		label: `${endpoint.name} · ${endpoint.model}`,
		priced: endpoint.inputUsdPerMTokens > 0 || endpoint.outputUsdPerMTokens > 0,
		...(apiKey ? { apiKey } : {}),
		...Object.fromEntries(Object.entries(timeouts).filter(([, v]) => v !== undefined))
	};
}

export class CloudEngineManager {
	engine = $state.raw<CloudWorkerEngine | null>(null);
	status = $state.raw<CloudStatus>('idle');
	loadResult = $state.raw<LoadResult | null>(null);
	error = $state.raw<{ name: string; message: string } | null>(null);
	#configKey = '';

	constructor() {
		if (typeof Worker === 'undefined') return;
		this.#sync();
		endpoints.onChange(() => this.#sync());
	}

	get prices(): TokenPrices | null {
		const e = endpoints.selected;
		return { inputUsdPerMTokens: e.inputUsdPerMTokens, outputUsdPerMTokens: e.outputUsdPerMTokens };
	}

	async check(): Promise<void> {
		const engine = this.engine;
		if (!engine) return;
		this.status = 'checking';
		this.error = null;
		try {
			const result = await engine.load();
			if (engine !== this.engine) return;
			this.loadResult = result;
			this.status = 'ready';
		} catch (error) {
			if (engine !== this.engine) return;
			const { name, message } = error instanceof Error ? error : new Error(String(error));
			this.error = { name, message };
			this.status = 'error';
		}
	}

	/** For Settings: a throwaway worker engine for an endpoint that may not be the selected one. */
	async withEndpoint<T>(endpoint: SavedEndpoint, use: (engine: CloudWorkerEngine) => Promise<T>): Promise<T> {
		const engine = new CloudWorkerEngine(endpointConfig(endpoint, endpoints.keyFor(endpoint.id)));
		try {
			return await use(engine);
		} finally {
			await engine.dispose();
		}
	}

	testConnection(endpoint: SavedEndpoint): Promise<ConnectionReport> {
		return this.withEndpoint(endpoint, (e) => e.testConnection());
	}

	listModels(endpoint: SavedEndpoint): Promise<string[]> {
		return this.withEndpoint(endpoint, (e) => e.listModels());
	}

	#sync(): void {
		const selected = endpoints.selected;
		const config = endpointConfig(selected, endpoints.keyFor(selected.id));
		const key = JSON.stringify(config);
		if (key === this.#configKey) return;
		this.#configKey = key;
		void this.engine?.dispose();
		this.engine = config.baseUrl && config.model ? new CloudWorkerEngine(config) : null;
		this.status = 'idle';
		this.loadResult = null;
		this.error = null;
	}
}

export const cloudEngine = new CloudEngineManager();
