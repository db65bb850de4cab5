// fetchGgufFiles against scripted responses and an in-memory Cache Storage: statuses, the 2 GiB per-file
// limit and the storage limit before any body is read, the GGUF magic, progress, and the cache.
import { describe, expect, it } from 'vitest';
import { fetchGgufFiles } from './model-files';
import { MAX_GGUF_FILE_BYTES } from './errors';
import type { LoadProgress } from '../types';

class MemoryCaches {
	readonly stores = new Map<string, Map<string, Response>>();
	async open(name: string) {
		const store = this.stores.get(name) ?? new Map<string, Response>();
		this.stores.set(name, store);
		return {
			match: async (url: string) => store.get(url)?.clone(),
			put: async (url: string, response: Response) => void store.set(url, response),
			delete: async (url: string) => store.delete(url)
		};
	}
}

const gguf = (n: number) => {
	const bytes = new Uint8Array(n);
	bytes.set([0x47, 0x47, 0x55, 0x46]);
	return bytes;
};

function scripted(responses: Record<string, () => Response>) {
	const calls: string[] = [];
	const fetchFn = (async (input: RequestInfo | URL) => {
		const url = String(input);
		calls.push(url);
		return responses[url]?.() ?? new Response('missing', { status: 404 });
	}) as typeof fetch;
	return { fetchFn, calls };
}

describe('fetchGgufFiles', () => {
	it('downloads with progress, caches, and loads warm the second time', async () => {
		const caches = new MemoryCaches() as unknown as CacheStorage;
		const { fetchFn, calls } = scripted({
			'http://x/a.gguf': () => new Response(gguf(100), { headers: { 'content-length': '100' } }),
			'http://x/b.gguf': () => new Response(gguf(50), { headers: { 'content-length': '50' } })
		});
		const progress: LoadProgress[] = [];
		const cold = await fetchGgufFiles(['http://x/a.gguf', 'http://x/b.gguf'], {
			maxBytes: null,
			fetch: fetchFn,
			caches,
			onProgress: (p) => progress.push(p)
		});
		expect(cold).toMatchObject({ bytes: 150, fromCache: false });
		expect(cold.blobs.map((b) => b.size)).toEqual([100, 50]);
		expect(progress.at(-1)).toEqual({ status: 'total', loadedBytes: 150, totalBytes: 150 });
		const warm = await fetchGgufFiles(['http://x/a.gguf', 'http://x/b.gguf'], {
			maxBytes: null,
			fetch: fetchFn,
			caches
		});
		expect(warm).toMatchObject({ bytes: 150, fromCache: true });
		expect(calls).toHaveLength(2);
	});

	it('refuses a file over 2 GiB, and a model over the storage limit, before reading the body', async () => {
		let read = false;
		const body = () =>
			new ReadableStream(
				{
					pull() {
						read = true;
					}
				},
				{ highWaterMark: 0 }
			);
		const { fetchFn } = scripted({
			'http://x/big.gguf': () =>
				new Response(body(), { headers: { 'content-length': String(MAX_GGUF_FILE_BYTES + 1) } }),
			'http://x/mid.gguf': () => new Response(body(), { headers: { 'content-length': '5000' } })
		});
		const caches = new MemoryCaches() as unknown as CacheStorage;
		await expect(
			fetchGgufFiles(['http://x/big.gguf'], { maxBytes: null, fetch: fetchFn, caches })
		).rejects.toMatchObject({
			name: 'GgufFileTooLargeError',
			message: expect.stringMatching(/at most 2 GiB per file.*llama-gguf-split/)
		});
		await expect(
			fetchGgufFiles(['http://x/mid.gguf'], { maxBytes: 1000, fetch: fetchFn, caches })
		).rejects.toMatchObject({ name: 'ModelTooLargeError' });
		expect(read).toBe(false);
	});

	it('names a 404 and a file that is not GGUF, and caches neither', async () => {
		const caches = new MemoryCaches();
		const { fetchFn } = scripted({
			'http://x/page.gguf': () => new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } })
		});
		const options = { maxBytes: null, fetch: fetchFn, caches: caches as unknown as CacheStorage };
		await expect(fetchGgufFiles(['http://x/none.gguf'], options)).rejects.toMatchObject({
			name: 'GgufFetchError',
			message: expect.stringMatching(/HTTP 404/)
		});
		await expect(fetchGgufFiles(['http://x/page.gguf'], options)).rejects.toMatchObject({ name: 'NotAGgufError' });
		expect([...(caches.stores.get('edgewise-gguf-v1')?.keys() ?? [])]).toEqual([]);
	});
});
