// Synthetic twins are generated inside the worker, straight into Cache Storage under the keys
// transformers.js looks up for a local model (/models/{id}/{file}), so a twin is cached, listed,
// deleted and loaded offline exactly like a downloaded model, and never touches the network.
import { generateModel, type Dtype, type ModelWriter } from '../../models/synthetic/generate';
import { ONNX_FILE_NAMES } from '../../models/synthetic/graph';
import type { ModelShape } from '../../models/synthetic/shapes';
import { GENERATOR_VERSION } from '../../models/synthetic/config-files';
import type { LoadProgress } from '../types';

/** transformers.js's Cache Storage (env.cacheKey): twins go where downloaded models go. */
export const CACHE_NAME = 'transformers-cache';

/** The key transformers.js looks up for a file of a model served from /models/{id}/ (app models, twins). */
export function keyFor(id: string, path: string): string {
	return new URL(`/models/${id}/${path}`, self.location.origin).href;
}

function cacheWriter(cache: Cache, id: string): ModelWriter {
	const put = (path: string, blob: Blob) =>
		cache.put(
			keyFor(id, path),
			new Response(blob, {
				headers: {
					'content-type': path.endsWith('.json') ? 'application/json' : 'application/octet-stream',
					'content-length': String(blob.size)
				}
			})
		);
	return {
		writeFile: (path, data) => put(path, new Blob([data as BlobPart])),
		// Big weight files arrive in MiB chunks; a Blob of chunks lets Chromium spill to disk instead of
		// holding one contiguous copy of a 500 MB file in the worker's heap.
		async openFile(path) {
			const chunks: BlobPart[] = [];
			return {
				write: async (chunk) => void chunks.push(chunk.slice() as BlobPart),
				close: () => put(path, new Blob(chunks))
			};
		}
	};
}

/** Whether a twin's config.json comes from this generator version (older graphs lack its speed-ups). */
export function isCurrentTwinConfig(config: unknown): boolean {
	const meta = (config as { edgewise_synthetic?: { generator_version?: unknown } } | null)?.edgewise_synthetic;
	return meta?.generator_version === GENERATOR_VERSION;
}

/**
 * Drops a twin an older generator wrote (all of its files: its other dtypes are just as old), so it is
 * generated again instead of being measured with, say, no num_logits_to_keep.
 */
async function dropOutdatedTwin(cache: Cache, id: string): Promise<void> {
	const config = await cache.match(keyFor(id, 'config.json'));
	if (!config || isCurrentTwinConfig(await config.json().catch(() => null))) return;
	const prefix = keyFor(id, '');
	const keys = (await cache.keys()).filter((request) => request.url.startsWith(prefix));
	await Promise.all(keys.map((request) => cache.delete(request)));
}

/** True when the twin's config, tokenizer and the ONNX file for `dtype` are all in the cache. */
async function isTwinCached(cache: Cache, id: string, dtype: Dtype): Promise<boolean> {
	const needed = ['config.json', 'tokenizer.json', 'tokenizer_config.json', ONNX_FILE_NAMES[dtype]];
	const found = await Promise.all(needed.map((path) => cache.match(keyFor(id, path))));
	return found.every(Boolean);
}

/** Generates the twin into Cache Storage unless it is there; reports progress as one "file" bar. */
export async function ensureTwin(
	location: { id: string; shape: ModelShape; seed: number },
	dtype: string,
	onProgress: (p: LoadProgress) => void
): Promise<boolean> {
	if (!['fp32', 'q8', 'q4'].includes(dtype)) {
		throw new Error(`Twins are generated in fp32, q8 or q4 (not ${dtype}); pick one of those.`);
	}
	const cache = await caches.open(CACHE_NAME);
	await dropOutdatedTwin(cache, location.id);
	if (await isTwinCached(cache, location.id, dtype as Dtype)) return false;
	onProgress({
		status: 'stage',
		stage: 'generating',
		message: `Generating the ${location.shape.name} twin (random weights)`
	});
	let lastMs = 0;
	await generateModel({
		shape: location.shape,
		dtypes: [dtype as Dtype],
		seed: location.seed,
		writer: cacheWriter(cache, location.id),
		onProgress: ({ stage, done, total }) => {
			const now = performance.now();
			if (now - lastMs < 100 && done < total) return;
			lastMs = now;
			onProgress({ status: 'file', file: `generating twin: ${stage}`, loadedBytes: done, totalBytes: total });
		}
	});
	return true;
}
