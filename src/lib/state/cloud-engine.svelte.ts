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

interface CloudSlotState {
	engine: CloudWorkerEngine | null;
	status: CloudStatus;
	loadResult: LoadResult | null;
	error: { name: string; message: string } | null;
}

export class CloudEngineManager {
	// Read through getters, written only by #set: what the panel shows changes in one place.
	#state = $state.raw<CloudSlotState>({ engine: null, status: 'idle', loadResult: null, error: null });
	#configKey = '';

	get engine(): CloudWorkerEngine | null {
		return this.#state.engine;
	}
	get status(): CloudStatus {
		return this.#state.status;
	}
	get loadResult(): LoadResult | null {
		return this.#state.loadResult;
	}
	get error(): { name: string; message: string } | null {
		return this.#state.error;
	}

	#set(patch: Partial<CloudSlotState>): void {
		this.#state = { ...this.#state, ...patch };
	}

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
		this.#set({ status: 'checking', error: null });
		try {
			const result = await engine.load();
			if (engine !== this.engine) return;
			this.#set({ loadResult: result, status: 'ready' });
		} catch (error) {
			if (engine !== this.engine) return;
			const { name, message } = error instanceof Error ? error : new Error(String(error));
			this.#set({ error: { name, message }, status: 'error' });
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
		this.#set({
			engine: config.baseUrl && config.model ? new CloudWorkerEngine(config) : null,
			status: 'idle',
			loadResult: null,
			error: null
		});
	}
}

export const cloudEngine = new CloudEngineManager();
