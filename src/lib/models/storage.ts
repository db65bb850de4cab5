// What the browser holds for Edgewise: models cached in Cache Storage (transformers.js stores every ONNX
// model file it downloads in one cache, and twins are written there too; llama.cpp's GGUF files have their
// own, engine/llama/model-files.ts), the storage estimate and quota, persistence.
// Runs on the page; never imports transformers.js or wllama (they load lazily, in their workers).
import { GGUF_CACHE } from '../engine/llama/model-files';

/** transformers.js's env.cacheKey default, which the worker keeps. */
const MODEL_CACHE = 'transformers-cache';
/** Keys of GGUF models start with this, so one key says which cache to delete from. */
const GGUF_KEY = 'gguf:';

export interface CachedModel {
	/** Names the model's files (their shared URL prefix, and which cache); pass it to deleteCachedModel. */
	key: string;
	/** ONNX files for transformers.js, or GGUF files for llama.cpp (the same model may be cached as both). */
	format: 'onnx' | 'gguf';
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
	if (typeof caches === 'undefined') return [];
	const [onnx, gguf] = await Promise.all([listCache(MODEL_CACHE, 'onnx'), listCache(GGUF_CACHE, 'gguf')]);
	return [...onnx, ...gguf].sort((a, b) => a.id.localeCompare(b.id) || a.format.localeCompare(b.format));
}

async function listCache(name: string, format: CachedModel['format']): Promise<CachedModel[]> {
	if (!(await caches.has(name))) return [];
	const cache = await caches.open(name);
	const models = new Map<string, CachedModel>();
	for (const request of await cache.keys()) {
		const url = new URL(request.url);
		// A GGUF file may come from any URL a person pasted: one outside both layouts is its folder's model.
		const parsed = parseKey(url) ?? (format === 'gguf' ? folderOf(url) : null);
		if (!parsed) continue;
		const key = format === 'gguf' ? `${GGUF_KEY}${parsed.key}` : parsed.key;
		const response = await cache.match(request);
		const bytes = Number(response?.headers.get('content-length') ?? 0) || (await response?.clone().blob())?.size || 0;
		const model = models.get(key) ?? {
			key,
			format,
			id: parsed.id,
			origin: parsed.origin,
			host: parsed.host,
			files: [],
			bytes: 0
		};
		model.files.push({ name: parsed.file, bytes });
		model.bytes += bytes;
		models.set(key, model);
	}
	return [...models.values()];
}

function folderOf(url: URL): ReturnType<typeof parseKey> {
	const slash = url.pathname.lastIndexOf('/');
	const folder = url.pathname.slice(0, slash + 1);
	return {
		key: `${url.origin}${folder}`,
		id: folder.slice(1, -1) || url.host,
		origin: 'hub',
		host: url.host,
		file: url.pathname.slice(slash + 1)
	};
}

/** Deletes a model's files (a CachedModel key, or the URL prefix of ONNX files); resolves to how many. */
export async function deleteCachedModel(key: string): Promise<number> {
	if (typeof caches === 'undefined') return 0;
	const gguf = key.startsWith(GGUF_KEY);
	const prefix = gguf ? key.slice(GGUF_KEY.length) : key;
	const cache = await caches.open(gguf ? GGUF_CACHE : MODEL_CACHE);
	let deleted = 0;
	for (const request of await cache.keys()) {
		if (request.url.startsWith(prefix) && (await cache.delete(request))) deleted++;
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
