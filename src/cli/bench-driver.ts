// Drives the built app in Chromium for a benchmark over the Compare page's slots: each local slot runs the
// real browser path (worker, transformers.js or llama.cpp), each cloud slot the app's CloudEngine, the runner
// the app's own.
// Shared by `npm run bench` and the results e2e specs, so both exercise exactly the same flow.
import type { Page } from '@playwright/test';
import type { ModelSource } from '../lib/models/sources';
import type { ResultRecord } from '../lib/bench/schema';
import { parseStoredRecord, RESULTS_DB_NAME, RESULTS_STORE } from '../lib/bench/results-store';
import {
	BenchmarkChoiceSchema,
	ENDPOINT_KEYS_STORAGE,
	EndpointKeysSchema,
	LocalSelectionSchema,
	SlotListSchema,
	STORED,
	StoredEndpointsSchema,
	storageKey,
	type BenchmarkChoiceInput,
	type SlotEntry
} from '../lib/state/stored-settings';
import { defaultRuntimeId } from '../lib/runtimes';

export class BenchDriverError extends Error {
	override name = 'BenchDriverError';
}

export interface LocalSetup {
	source: ModelSource;
	/** A registered runtime's id; default: the app's default runtime. */
	runtime?: string;
	backend: 'auto' | 'wasm' | 'webgpu';
	dtype: string;
	threads: number | null;
	/** The runtime's own settings (e.g. llama.cpp's build); absent: its defaults. */
	settings?: Record<string, string>;
}

export interface CloudSetup {
	/** OpenAI-compatible base URL, e.g. http://127.0.0.1:4174/v1 */
	baseUrl: string;
	model: string;
	/** Shown as the engine's label, e.g. "Reference server". */
	name?: string;
	apiKey?: string;
	/** List prices, US dollars per 1M tokens, for the cost estimate. */
	inputUsdPerMTokens?: number;
	outputUsdPerMTokens?: number;
}

/** One Compare slot to set up: its id (as the app names slots: local, local-2, cloud…) and its engine. */
export type SlotSetup = { id: string; local: LocalSetup } | { id: string; cloud: CloudSetup };

/** What the page starts with: this device, then the cloud (left out when null). */
export function defaultSlots(local: LocalSetup, cloud: CloudSetup | null): SlotSetup[] {
	return [{ id: 'local', local }, ...(cloud ? [{ id: 'cloud', cloud }] : [])];
}

/** Each cloud slot gets a saved endpoint of its own, named after the slot. */
const endpointIdOf = (slotId: string) => `bench-${slotId}`;

/**
 * The localStorage entries (full key -> JSON text) that make the app start with these slots, endpoints, keys
 * and benchmark choice. Every value passes the schema the app reads it with, so a setup the app would throw
 * away fails here instead. Without a cloud slot the saved endpoints are left as they are.
 */
export function settingsFor(slots: readonly SlotSetup[], bench: BenchmarkChoiceInput): Record<string, string> {
	const entries: SlotEntry[] = slots.map((slot) =>
		'local' in slot
			? {
					id: slot.id,
					kind: 'local',
					enabled: true,
					config: LocalSelectionSchema.parse({ runtime: defaultRuntimeId(), ...slot.local })
				}
			: { id: slot.id, kind: 'cloud', enabled: true, config: { endpointId: endpointIdOf(slot.id) } }
	);
	const out: Record<string, string> = {
		[storageKey(STORED.slots)]: JSON.stringify(SlotListSchema.parse(entries)),
		[storageKey(STORED.benchmark)]: JSON.stringify(BenchmarkChoiceSchema.parse(bench))
	};
	const clouds = slots.flatMap((slot) => ('cloud' in slot ? [{ id: endpointIdOf(slot.id), cloud: slot.cloud }] : []));
	if (clouds.length === 0) return out;
	const endpoints = clouds.map(({ id, cloud }) => ({
		id,
		name: cloud.name ?? 'Benchmark endpoint',
		presetId: 'edgewise',
		baseUrl: cloud.baseUrl,
		model: cloud.model,
		inputUsdPerMTokens: cloud.inputUsdPerMTokens ?? 0,
		outputUsdPerMTokens: cloud.outputUsdPerMTokens ?? 0
	}));
	out[storageKey(STORED.endpoints)] = JSON.stringify(
		StoredEndpointsSchema.parse({ endpoints, selectedId: endpoints[0]!.id })
	);
	// The app keeps keys apart from endpoints, on the device only; the record never sees them.
	const keys = Object.fromEntries(clouds.flatMap(({ id, cloud }) => (cloud.apiKey ? [[id, cloud.apiKey]] : [])));
	out[ENDPOINT_KEYS_STORAGE] = JSON.stringify(EndpointKeysSchema.parse(keys));
	return out;
}

/** Persists the slots and choices where the app's managers read them (settingsFor), then reloads so they take effect. */
export async function seedSettings(
	page: Page,
	appUrl: string,
	slots: readonly SlotSetup[],
	bench: BenchmarkChoiceInput
): Promise<void> {
	const items = settingsFor(slots, bench);
	await page.goto(appUrl);
	await page.evaluate(async (items) => {
		for (const [key, value] of Object.entries(items)) localStorage.setItem(key, value);
		// The CLI keeps its Chromium profile between runs, and the app's service worker waits for a prompt before
		// it updates (registerType 'prompt'): without this, a run after a rebuild would drive the previous build's
		// app from the worker's precache. The app's precache goes with it; the model caches stay.
		for (const registration of (await navigator.serviceWorker?.getRegistrations()) ?? [])
			await registration.unregister();
		for (const name of await caches.keys()) if (name.startsWith('workbox-precache')) await caches.delete(name);
	}, items);
	await page.reload();
}

/** Clicks Load in one local slot on the Compare page and waits until its engine is ready (or says why not). */
export async function loadLocal(page: Page, timeoutMs: number, slotId = 'local'): Promise<void> {
	const slot = page.getByTestId(`slot-${slotId}`);
	await slot.getByTestId('local-load').click();
	const status = slot.getByTestId('local-status');
	const error = slot.getByTestId('local-error');
	await Promise.race([
		status.and(page.locator('[data-status="ready"]')).waitFor({ timeout: timeoutMs }),
		error.waitFor({ timeout: timeoutMs }).then(async () => {
			throw new BenchDriverError(`The local model in slot ${slotId} did not load: ${await error.textContent()}`);
		})
	]);
}

/** Loads every local slot, one after another (loads that overlap would slow each other and their figures). */
export async function loadLocalSlots(page: Page, slots: readonly SlotSetup[], timeoutMs: number): Promise<void> {
	for (const slot of slots) if ('local' in slot) await loadLocal(page, timeoutMs, slot.id);
}

/** Client-side navigation, so the loaded engines (in-memory managers) stay. */
export async function openResults(page: Page): Promise<void> {
	await page.locator('a[href$="/results"]').first().click();
	await page.getByTestId('benchmark-panel').waitFor();
}

/** Imports a JSONL quality set through the benchmark panel's own file input, and waits until it is listed. */
export async function importQualitySet(page: Page, path: string, setId: string): Promise<void> {
	const panel = page.getByTestId('benchmark-panel');
	await panel.getByTestId('quality-import').setInputFiles(path);
	const error = panel.getByTestId('quality-import-error');
	await Promise.race([
		panel.getByTestId(`quality-suite-${setId}`).waitFor({ timeout: 30_000 }),
		error.waitFor({ timeout: 30_000 }).then(async () => {
			throw new BenchDriverError(`The app refused the quality set ${path}: ${await error.textContent()}`);
		})
	]);
}

export async function runBenchmarkInUi(
	page: Page,
	timeoutMs: number,
	slotIds: readonly string[]
): Promise<ResultRecord> {
	const panel = page.getByTestId('benchmark-panel');
	// The panel lists the ids of the slots whose engine is ready, in slot order.
	const ready = ((await panel.getAttribute('data-ready')) ?? '').split(' ').filter(Boolean);
	const missing = slotIds.filter((id) => !ready.includes(id));
	if (missing.length)
		throw new BenchDriverError(
			`Slot${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not ready in the app (ready: ${ready.join(', ') || 'none'}); set ${missing.length > 1 ? 'them' : 'it'} up on the Compare page first.`
		);
	const before = new Set((await readStoredRecords(page)).map((r) => r.id));
	await page.getByTestId('benchmark-run').click();
	const status = page.getByTestId('benchmark-status');
	const error = panel.getByRole('alert');
	await Promise.race([
		status.waitFor({ timeout: timeoutMs }),
		error.waitFor({ timeout: timeoutMs }).then(async () => {
			throw new BenchDriverError(`The benchmark failed in the app: ${await error.textContent()}`);
		})
	]);
	const added = (await readStoredRecords(page)).filter((r) => !before.has(r.id) && r.kind === 'benchmark');
	const [record] = added;
	if (added.length !== 1 || !record)
		throw new BenchDriverError(`Expected one new benchmark in the results store, found ${added.length}.`);
	return record;
}

/** Every record in the app's IndexedDB, read with the raw API (never creating the database). */
export async function readStoredRecords(page: Page): Promise<ResultRecord[]> {
	const raw = await page.evaluate(
		async ({ dbName, storeName }) => {
			const names = (await indexedDB.databases()).map((d) => d.name);
			if (!names.includes(dbName)) return [];
			return new Promise<unknown[]>((resolve, reject) => {
				const open = indexedDB.open(dbName);
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					if (!db.objectStoreNames.contains(storeName)) {
						db.close();
						resolve([]);
						return;
					}
					const req = db.transaction(storeName).objectStore(storeName).getAll();
					req.onsuccess = () => {
						db.close();
						resolve(req.result);
					};
					req.onerror = () => reject(req.error);
				};
			});
		},
		{ dbName: RESULTS_DB_NAME, storeName: RESULTS_STORE }
	);
	return raw.map(parseStoredRecord);
}
