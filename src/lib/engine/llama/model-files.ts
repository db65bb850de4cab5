// Fetches a GGUF model (one file or the parts of a split one) for wllama, through Cache Storage, so a model
// downloads once and loads offline after that. Checks before the bytes are kept: the HTTP status, the
// 2 GiB per-file limit and the storage the page allows (from the declared size, before downloading),
// and the GGUF magic. Reports bytes as they arrive.
import type { LoadProgress } from '../types';
import { ModelHostUnreachableError, ModelOfflineError, ModelTooLargeError } from '../local/load-errors';
import { GgufFetchError, GgufFileTooLargeError, MAX_GGUF_FILE_BYTES, NotAGgufError } from './errors';
import { generateGgufTwin } from './twin-file';
import type { LlamaLoadRequest } from './protocol';

export const GGUF_CACHE = 'edgewise-gguf-v1';

export interface FetchedModel {
	blobs: Blob[];
	bytes: number;
	/** Whether every file came from Cache Storage. */
	fromCache: boolean;
}

interface FetchOptions {
	maxBytes: number | null;
	onProgress?: (progress: LoadProgress) => void;
	signal?: AbortSignal;
	fetch?: typeof fetch;
	caches?: CacheStorage;
}

/** The model a load asks for, whichever build reads it: a twin generated in memory, else the files fetched. */
export function readGgufModel(
	request: Pick<LlamaLoadRequest, 'model' | 'maxBytes'>,
	progress: (p: LoadProgress) => void,
	signal: AbortSignal
): Promise<FetchedModel> {
	if (request.model.twin) return generateGgufTwin(request.model.twin, progress);
	return fetchGgufFiles(request.model.urls, { maxBytes: request.maxBytes, onProgress: progress, signal });
}

export async function fetchGgufFiles(urls: string[], options: FetchOptions): Promise<FetchedModel> {
	const doFetch = options.fetch ?? fetch;
	const cache = await (options.caches ?? globalThis.caches)?.open(GGUF_CACHE).catch(() => undefined);
	const blobs: Blob[] = [];
	let fromCache = true;
	let loaded = 0;
	const declared = new Map<string, number>();
	const report = (url: string, fileBytes: number, fileTotal: number) => {
		options.onProgress?.({ status: 'file', file: url, loadedBytes: fileBytes, totalBytes: fileTotal });
		const total = [...declared.values()].reduce((a, b) => a + b, 0);
		options.onProgress?.({
			status: 'total',
			loadedBytes: loaded + fileBytes,
			totalBytes: Math.max(total, loaded + fileBytes)
		});
	};
	for (const url of urls) {
		options.signal?.throwIfAborted();
		const cached = await cache?.match(url);
		if (cached) {
			const blob = await cached.blob();
			declared.set(url, blob.size);
			await checkMagic(url, blob);
			blobs.push(blob);
			loaded += blob.size;
			report(url, 0, blob.size);
			continue;
		}
		fromCache = false;
		let response: Response;
		try {
			response = await doFetch(url, { signal: options.signal });
		} catch (error) {
			if (!(error instanceof TypeError)) throw error;
			if (globalThis.navigator?.onLine === false) throw new ModelOfflineError(url);
			throw new ModelHostUnreachableError(new URL(url).origin);
		}
		if (!response.ok) {
			await response.body?.cancel().catch(() => undefined);
			throw new GgufFetchError(url, response.status);
		}
		const length = Number(response.headers.get('content-length') ?? NaN);
		if (Number.isFinite(length)) {
			declared.set(url, length);
			if (length > MAX_GGUF_FILE_BYTES) {
				await response.body?.cancel().catch(() => undefined);
				throw new GgufFileTooLargeError(url, length);
			}
			const total = [...declared.values()].reduce((a, b) => a + b, 0);
			if (options.maxBytes !== null && total > options.maxBytes) {
				await response.body?.cancel().catch(() => undefined);
				throw new ModelTooLargeError(total, options.maxBytes);
			}
		}
		const blob = await readBody(url, response, (n) => report(url, n, declared.get(url) ?? n));
		await checkMagic(url, blob);
		// Kept only once whole and checked: a cut-off download is never mistaken for the model. The length
		// lets the Models page size it without reading the file (models/storage.ts).
		const headers = { 'content-type': 'application/octet-stream', 'content-length': String(blob.size) };
		await cache?.put(url, new Response(blob, { headers })).catch(() => undefined);
		blobs.push(blob);
		loaded += blob.size;
	}
	return { blobs, bytes: loaded, fromCache };
}

async function readBody(url: string, response: Response, onBytes: (n: number) => void): Promise<Blob> {
	if (!response.body) return response.blob();
	const reader = response.body.getReader();
	const parts: Uint8Array[] = [];
	let n = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		parts.push(value);
		n += value.length;
		if (n > MAX_GGUF_FILE_BYTES) {
			await reader.cancel();
			throw new GgufFileTooLargeError(url, n);
		}
		onBytes(n);
	}
	return new Blob(parts as BlobPart[]);
}

async function checkMagic(url: string, blob: Blob): Promise<void> {
	const head = new Uint8Array(await blob.slice(0, 4).arrayBuffer());
	if (String.fromCharCode(...head) !== 'GGUF')
		throw new NotAGgufError(url, blob.size < 4 ? 'it is empty' : 'it does not start with "GGUF"');
}
