// How many bytes of a model's ONNX weights for a dtype are already in Cache Storage, from the cached
// responses' headers (no body is read). prepare() sizes the heap it reserves for the coming load by it.
import { hubFileUrl, onnxFileName } from '../../models/hub';
import type { WorkerModelLocation } from './protocol';
import { CACHE_NAME, keyFor } from './twin-cache';

/** The Cache Storage key of one of a model's files: where transformers.js put it. */
export function modelFileKey(location: WorkerModelLocation, file: string): string {
	if (location.kind === 'hub') return hubFileUrl(location.host, location.id, location.revision, file);
	return keyFor(location.id, file);
}

/** The main .onnx file plus its external data, if cached; 0 when the model has not been loaded yet. */
export async function cachedOnnxBytes(location: WorkerModelLocation, dtype: string): Promise<number> {
	if (typeof caches === 'undefined') return 0;
	const cache = await caches.open(CACHE_NAME);
	const main = onnxFileName(dtype);
	let total = 0;
	for (const file of [main, `${main}_data`]) {
		const response = await cache.match(modelFileKey(location, file));
		if (response) total += Number(response.headers.get('content-length')) || (await response.blob()).size;
	}
	return total;
}
