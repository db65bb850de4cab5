// Saved cloud endpoints: several, each from a preset, with base URL, model, list prices and a key.
// Endpoint settings persist in localStorage; API keys are kept apart, under their own storage entry on
// this device only, so nothing that reads, exports or logs endpoints can carry a key by accident. A key
// leaves the device only as the Authorization header of requests to its own endpoint.
import { presetById, REFERENCE_BASE_URL, REFERENCE_MODEL, type PresetId } from '$lib/engine/cloud/presets';
import { readPersisted, writePersisted } from './persisted';

export interface SavedEndpoint {
	id: string;
	name: string;
	presetId: PresetId;
	baseUrl: string;
	model: string;
	/** US dollars per 1M tokens, as the provider lists them; 0 for self-hosted. */
	inputUsdPerMTokens: number;
	outputUsdPerMTokens: number;
}

const STORAGE_NAME = 'endpoints';
const KEYS_STORAGE = 'edgewise-device-only:endpoint-keys';

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
}

function isEndpoint(v: unknown): v is SavedEndpoint {
	const e = v as SavedEndpoint;
	return (
		!!e &&
		typeof e === 'object' &&
		typeof e.id === 'string' &&
		typeof e.baseUrl === 'string' &&
		typeof e.model === 'string' &&
		typeof e.name === 'string' &&
		Number.isFinite(e.inputUsdPerMTokens) &&
		Number.isFinite(e.outputUsdPerMTokens)
	);
}

function isStored(v: unknown): v is Stored {
	const s = v as Stored;
	return (
		!!s &&
		Array.isArray(s.endpoints) &&
		s.endpoints.length > 0 &&
		s.endpoints.every(isEndpoint) &&
		typeof s.selectedId === 'string'
	);
}

function readKeys(): Record<string, string> {
	try {
		const parsed: unknown = JSON.parse(localStorage.getItem(KEYS_STORAGE) ?? '{}');
		return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
	} catch {
		return {};
	}
}

function writeKeys(keys: Record<string, string>): void {
	try {
		localStorage.setItem(KEYS_STORAGE, JSON.stringify(keys));
	} catch {
		// Storage disabled or full: the key lasts for this visit only.
	}
}

export class EndpointsManager {
	#stored = $state.raw<Stored>(
		readPersisted(STORAGE_NAME, { endpoints: [REFERENCE_ENDPOINT], selectedId: REFERENCE_ENDPOINT.id }, isStored)
	);
	/** Which endpoints have a key, never the keys themselves (those are read on demand). */
	keyed = $state.raw<Record<string, boolean>>(
		Object.fromEntries(Object.entries(readKeys()).map(([id, k]) => [id, !!k]))
	);
	#listeners = new Set<() => void>();

	get list(): SavedEndpoint[] {
		return this.#stored.endpoints;
	}

	get selected(): SavedEndpoint {
		return this.list.find((e) => e.id === this.#stored.selectedId) ?? this.list[0];
	}

	/** Called after any change that affects the selected endpoint's engine. */
	onChange(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
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
			baseUrl: preset.baseUrl,
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
		const endpoints = rest.length ? rest : [REFERENCE_ENDPOINT];
		this.#save({
			endpoints,
			selectedId: endpoints.some((e) => e.id === this.#stored.selectedId) ? this.#stored.selectedId : endpoints[0].id
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
		this.#notify();
	}

	#save(next: Stored): void {
		this.#stored = next;
		writePersisted(STORAGE_NAME, next);
		this.#notify();
	}

	#notify(): void {
		for (const listener of this.#listeners) listener();
	}
}

export const endpoints = new EndpointsManager();
