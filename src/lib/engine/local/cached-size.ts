// How many bytes of a model's ONNX weights for a dtype are already in Cache Storage, from the cached
// responses' content-length (or their body's size, which is known without reading it). prepare() sizes the heap it reserves for the coming load by it.
import { hubFileUrl, onnxFileName } from '../../models/hub';
import type { WorkerModelLocation } from './protocol';
import { CACHE_NAME, keyFor } from './twin-cache';

/**
 * The Cache Storage keys transformers.js 4.3 looks a model's file up under, in its order (hub.js,
 * checkCachedResource): the local path /models/{id}/{file} first, for every source, then the remote URL.
 */
function modelFileKeys(location: WorkerModelLocation, file: string): string[] {
	const local = keyFor(location.id, file);
	return location.kind === 'hub' ? [local, hubFileUrl(location.host, location.id, location.revision, file)] : [local];
}

/** The main .onnx file plus its external data, if cached; 0 when the model has not been loaded yet. */
export async function cachedOnnxBytes(location: WorkerModelLocation, dtype: string): Promise<number> {
	if (typeof caches === 'undefined') return 0;
	const cache = await caches.open(CACHE_NAME);
	const main = onnxFileName(dtype);
	let total = 0;
	for (const file of [main, `${main}_data`]) {
		let response: Response | undefined;
		for (const key of modelFileKeys(location, file)) if ((response = await cache.match(key))) break;
		if (response) total += Number(response.headers.get('content-length')) || (await response.blob()).size;
	}
	return total;
}
