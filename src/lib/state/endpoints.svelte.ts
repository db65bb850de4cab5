// Saved cloud endpoints: several, each from a preset, with base URL, model, list prices and a key.
// Endpoint settings persist in localStorage; API keys are kept apart, under their own storage entry on
// this device only, so nothing that reads, exports or logs endpoints can carry a key by accident. A key
// leaves the device only as the Authorization header of requests to its own endpoint.
import { base } from '$app/paths';
import { presetById, REFERENCE_BASE_URL, REFERENCE_MODEL, type PresetId } from '$lib/engine/cloud/presets';
import { parseRuntimeInfo, RUNTIME_INFO_PATH } from '$lib/runtime-info';
import { events } from './events';
import { readPersisted, writePersisted } from './persisted';
import { followReference } from './reference-endpoint';
import { ENDPOINT_KEYS_STORAGE, EndpointKeysSchema, STORED, StoredEndpointsSchema } from './stored-settings';

export interface SavedEndpoint {
	id: string;
	name: string;
	presetId: PresetId;
	baseUrl: string;
	model: string;
	/** US dollars per 1M tokens, as the provider lists them; 0 for self-hosted. */
	inputUsdPerMTokens: number;
	outputUsdPerMTokens: number;
	/** Stream timeouts in seconds; unset means the engine's defaults (DEFAULT_TIMEOUTS_MS). */
	connectTimeoutS?: number;
	firstTokenTimeoutS?: number;
	idleTimeoutS?: number;
}

export const REFERENCE_ENDPOINT: SavedEndpoint = {
	id: 'reference',
	name: 'Edgewise reference server',
	presetId: 'edgewise',
	baseUrl: REFERENCE_BASE_URL,
	model: REFERENCE_MODEL,
	inputUsdPerMTokens: 0,
	outputUsdPerMTokens: 0
};

interface Stored {
	endpoints: SavedEndpoint[];
	selectedId: string;
	/** The reference server's URL as the app's own server last announced it (kept for offline visits). */
	announcedReferenceUrl?: string;
}

const isStored = (v: unknown): v is Stored => StoredEndpointsSchema.safeParse(v).success;

function readKeys(): Record<string, string> {
	try {
		const parsed = EndpointKeysSchema.safeParse(JSON.parse(localStorage.getItem(ENDPOINT_KEYS_STORAGE) ?? '{}'));
		return parsed.success ? parsed.data : {};
	} catch {
		return {};
	}
}

function writeKeys(keys: Record<string, string>): void {
	try {
		localStorage.setItem(ENDPOINT_KEYS_STORAGE, JSON.stringify(keys));
	} catch {
		// Storage disabled or full: the key lasts for this visit only.
	}
}

export class EndpointsManager {
	#stored = $state.raw<Stored>(
		readPersisted(STORED.endpoints, { endpoints: [REFERENCE_ENDPOINT], selectedId: REFERENCE_ENDPOINT.id }, isStored)
	);
	/** Which endpoints have a key, never the keys themselves (those are read on demand). */
	keyed = $state.raw<Record<string, boolean>>(
		Object.fromEntries(Object.entries(readKeys()).map(([id, k]) => [id, !!k]))
	);
	constructor() {
		if (typeof window !== 'undefined' && typeof fetch === 'function') void this.#askServer();
	}

	/** Where the reference server is: as announced by the server that serves the app, else the default. */
	get referenceBaseUrl(): string {
		return this.#stored.announcedReferenceUrl ?? REFERENCE_BASE_URL;
	}

	/** Points the built-in reference endpoints a person has not edited at `url` (see reference-endpoint.ts). */
	followReferenceServer(url: string): void {
		const endpoints = followReference(this.list, this.#stored.announcedReferenceUrl, url);
		if (url === this.#stored.announcedReferenceUrl && endpoints.every((e, i) => e === this.list[i])) return;
		this.#save({ ...this.#stored, endpoints, announcedReferenceUrl: url });
	}

	/** Static hosts and offline visits have no runtime file: the compiled (or last announced) URL stays. */
	async #askServer(): Promise<void> {
		try {
			const res = await fetch(`${base}${RUNTIME_INFO_PATH}`, { cache: 'no-store' });
			const info = res.ok ? parseRuntimeInfo(await res.json()) : null;
			if (info?.referenceBaseUrl) this.followReferenceServer(info.referenceBaseUrl);
		} catch {
			// Not served here, or offline.
		}
	}

	get list(): SavedEndpoint[] {
		return this.#stored.endpoints;
	}

	get selected(): SavedEndpoint {
		return (
			this.list.find((e) => e.id === this.#stored.selectedId) ??
			this.list[0] ?? { ...REFERENCE_ENDPOINT, baseUrl: this.referenceBaseUrl }
		);
	}

	select(id: string): void {
		if (this.list.some((e) => e.id === id)) this.#save({ ...this.#stored, selectedId: id });
	}

	add(presetId: PresetId): SavedEndpoint {
		const preset = presetById(presetId);
		const endpoint: SavedEndpoint = {
			id: `ep-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`,
			name: preset.label,
			presetId,
			baseUrl: presetId === 'edgewise' ? this.referenceBaseUrl : preset.baseUrl,
			model: preset.defaultModel ?? '',
			inputUsdPerMTokens: 0,
			outputUsdPerMTokens: 0
		};
		this.#save({ endpoints: [...this.list, endpoint], selectedId: endpoint.id });
		return endpoint;
	}

	update(id: string, patch: Partial<Omit<SavedEndpoint, 'id'>>): void {
		this.#save({ ...this.#stored, endpoints: this.list.map((e) => (e.id === id ? { ...e, ...patch } : e)) });
	}

	remove(id: string): void {
		const rest = this.list.filter((e) => e.id !== id);
		this.setKey(id, '');
		const endpoints = rest.length ? rest : [{ ...REFERENCE_ENDPOINT, baseUrl: this.referenceBaseUrl }];
		this.#save({
			endpoints,
			// Never empty: the reference comes back when the last endpoint goes.
			selectedId: endpoints.some((e) => e.id === this.#stored.selectedId) ? this.#stored.selectedId : endpoints[0]!.id
		});
	}

	keyFor(id: string): string {
		return readKeys()[id] ?? '';
	}

	setKey(id: string, key: string): void {
		const keys = readKeys();
		if (key) keys[id] = key.trim();
		else delete keys[id];
		writeKeys(keys);
		this.keyed = { ...this.keyed, [id]: !!key };
		events.emit('endpoints.changed');
	}

	#save(next: Stored): void {
		this.#stored = next;
		writePersisted(STORED.endpoints, next);
		events.emit('endpoints.changed');
	}
}

export const endpoints = new EndpointsManager();
