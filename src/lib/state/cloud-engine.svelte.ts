// A cloud slot: one saved endpoint (or the default one, marked in Settings), run through a
// CloudWorkerEngine so its stream is read in a worker. The engine is rebuilt when the endpoint's settings
// change; load() is the connection check (its "Test connection" button). Settings' "Test connection" and model list
// use a throwaway engine for an endpoint that need not be in any slot.
import type { TokenPrices } from '$lib/bench/cost';
import { CloudWorkerEngine } from '$lib/engine/cloud/cloud-worker-engine';
import type { CloudWorkerConfig } from '$lib/engine/cloud/protocol';
import type { ConnectionReport } from '$lib/engine/cloud/test-connection';
import type { CloudSlotConfig } from './stored-settings';
import { EngineSlot } from './engine-slot.svelte';
import { endpoints, type SavedEndpoint } from './endpoints.svelte';
import { events } from './events';

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

export class CloudSlotManager extends EngineSlot {
	#config = $state.raw<CloudSlotConfig>({ endpointId: null });
	readonly #save: (config: CloudSlotConfig) => void;
	#configKey = '';
	#stopListening: () => void = () => {};

	constructor(id: string, config: CloudSlotConfig, save: (config: CloudSlotConfig) => void) {
		super({
			id,
			kind: 'cloud',
			loadBeforeRun: false,
			title: () => `${this.endpoint.name} · ${this.endpoint.model || 'no model chosen'}`,
			prices: () => this.#prices(),
			notReadyMessage: () => 'No model chosen for this endpoint yet: pick one in Settings.'
		});
		this.#config = config;
		this.#save = save;
		if (typeof Worker === 'undefined') return;
		this.#sync();
		this.#stopListening = events.on('endpoints.changed', () => this.#sync());
	}

	get config(): CloudSlotConfig {
		return this.#config;
	}

	/** The endpoint this slot runs: its own, or the default one; the default when its own was removed. */
	get endpoint(): SavedEndpoint {
		const own = this.#config.endpointId;
		return (own !== null && endpoints.list.find((e) => e.id === own)) || endpoints.selected;
	}

	/** Whether the slot follows the default endpoint (changing its endpoint then changes the default). */
	get followsDefault(): boolean {
		return this.#config.endpointId === null;
	}

	/**
	 * Picks the slot's endpoint: the slot keeps it from now on, and no longer follows the default one (which
	 * stays as Settings marks it: a choice in one slot does not move the others).
	 */
	chooseEndpoint(id: string): void {
		if (!this.followsDefault && this.#config.endpointId === id) return;
		this.#config = { endpointId: id };
		this.#save(this.#config);
		this.#sync();
	}

	#prices(): TokenPrices {
		const e = this.endpoint;
		return { inputUsdPerMTokens: e.inputUsdPerMTokens, outputUsdPerMTokens: e.outputUsdPerMTokens };
	}

	#sync(): void {
		const endpoint = this.endpoint;
		const config = endpointConfig(endpoint, endpoints.keyFor(endpoint.id));
		const key = JSON.stringify(config);
		if (key === this.#configKey) return;
		this.#configKey = key;
		this.replaceEngine(config.baseUrl && config.model ? new CloudWorkerEngine(config) : null);
	}

	override async dispose(): Promise<void> {
		this.#stopListening();
		await super.dispose();
	}
}

/** For Settings: a throwaway worker engine for an endpoint that may be in no slot. */
async function withEndpoint<T>(endpoint: SavedEndpoint, use: (engine: CloudWorkerEngine) => Promise<T>): Promise<T> {
	const engine = new CloudWorkerEngine(endpointConfig(endpoint, endpoints.keyFor(endpoint.id)));
	try {
		return await use(engine);
	} finally {
		await engine.dispose();
	}
}

export const testConnection = (endpoint: SavedEndpoint): Promise<ConnectionReport> =>
	withEndpoint(endpoint, (e) => e.testConnection());

export const listModels = (endpoint: SavedEndpoint): Promise<string[]> => withEndpoint(endpoint, (e) => e.listModels());
