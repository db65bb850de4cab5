// What the browser holds for Edgewise: models cached in Cache Storage (transformers.js stores every file
// it downloads there, and twins are written there too), the storage estimate and quota, persistence.
// Runs on the page; never imports transformers.js (that loads lazily, in the worker).

/** transformers.js's env.cacheKey default, which the worker keeps. */
const MODEL_CACHE = 'transformers-cache';

export interface CachedModel {
	/** Prefix shared by the model's cache keys; pass it to deleteCachedModel. */
	key: string;
	/** Model id as shown (e.g. "edgewise-tiny", "HuggingFaceTB/SmolLM2-135M-Instruct"). */
	id: string;
	/** Where the files came from: the app itself, a twin generated here, or a host with the Hub layout. */
	origin: 'app' | 'twin' | 'hub';
	host?: string;
	files: { name: string; bytes: number }[];
	bytes: number;
}

export interface StorageEstimate {
	usageBytes: number;
	quotaBytes: number;
	persisted: boolean;
}

// Tests simulate a nearly full disk by setting this before the app loads (page.addInitScript).
const TEST_ESTIMATE_HOOK = '__EDGEWISE_STORAGE_ESTIMATE__';

function parseKey(
	url: URL
): { key: string; id: string; origin: CachedModel['origin']; host?: string; file: string } | null {
	const hub = url.pathname.match(/^\/(.+)\/resolve\/([^/]+)\/(.+)$/) as [string, string, string, string] | null;
	if (hub) {
		const [, id, revision, file] = hub;
		return { key: `${url.origin}/${id}/resolve/${revision}/`, id, origin: 'hub', host: url.host, file };
	}
	// Both patterns' groups are not optional: a match has every one.
	const local = url.pathname.match(/^\/models\/((?:twin\/)?[^/]+)\/(.+)$/) as [string, string, string] | null;
	if (local) {
		const [, id, file] = local;
		return { key: `${url.origin}/models/${id}/`, id, origin: id.startsWith('twin/') ? 'twin' : 'app', file };
	}
	return null;
}

export async function listCachedModels(): Promise<CachedModel[]> {
	if (typeof caches === 'undefined' || !(await caches.has(MODEL_CACHE))) return [];
	const cache = await caches.open(MODEL_CACHE);
	const models = new Map<string, CachedModel>();
	for (const request of await cache.keys()) {
		const parsed = parseKey(new URL(request.url));
		if (!parsed) continue;
		const response = await cache.match(request);
		const bytes = Number(response?.headers.get('content-length') ?? 0) || (await response?.clone().blob())?.size || 0;
		const model = models.get(parsed.key) ?? {
			key: parsed.key,
			id: parsed.id,
			origin: parsed.origin,
			host: parsed.host,
			files: [],
			bytes: 0
		};
		model.files.push({ name: parsed.file, bytes });
		model.bytes += bytes;
		models.set(parsed.key, model);
	}
	return [...models.values()].sort((a, b) => a.id.localeCompare(b.id));
}

export async function deleteCachedModel(key: string): Promise<number> {
	if (typeof caches === 'undefined') return 0;
	const cache = await caches.open(MODEL_CACHE);
	let deleted = 0;
	for (const request of await cache.keys()) {
		if (request.url.startsWith(key) && (await cache.delete(request))) deleted++;
	}
	return deleted;
}

export async function estimateStorage(): Promise<StorageEstimate> {
	const hook = (globalThis as Record<string, unknown>)[TEST_ESTIMATE_HOOK] as Partial<StorageEstimate> | undefined;
	const storage = globalThis.navigator?.storage;
	const estimate = storage?.estimate ? await storage.estimate() : {};
	const persisted = storage?.persisted ? await storage.persisted() : false;
	return {
		usageBytes: hook?.usageBytes ?? estimate.usage ?? 0,
		quotaBytes: hook?.quotaBytes ?? estimate.quota ?? 0,
		persisted
	};
}

/** Bytes the browser can still store, or null when it does not say. */
export async function availableBytes(): Promise<number | null> {
	const { usageBytes, quotaBytes } = await estimateStorage();
	return quotaBytes > 0 ? Math.max(0, quotaBytes - usageBytes) : null;
}

/** Asks the browser not to evict Edgewise's storage under pressure; resolves to whether it agreed. */
export async function requestPersistentStorage(): Promise<boolean> {
	return (await globalThis.navigator?.storage?.persist?.()) ?? false;
}

export function formatBytes(bytes: number): string {
	if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
	if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(bytes >= 100e6 ? 0 : 1)} MB`;
	if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(0)} kB`;
	return `${bytes} B`;
}
