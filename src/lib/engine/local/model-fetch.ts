// The fetch transformers.js uses inside the worker. It lets a load (1) know whether any model bytes came
// over the network (cold) or all from Cache Storage (warm), (2) stop before downloading a model the
// browser has no room for, and (3) turn an HTML page or a 404 into a clear error instead of a JSON parse
// failure deep inside the library, and a request that got no answer at all into "offline" or "could not
// reach" (the browser's own word is only "Failed to fetch").
import {
	ModelHostUnreachableError,
	ModelNotFoundError,
	ModelOfflineError,
	ModelTooLargeError,
	NotAModelError
} from './load-errors';

export interface FetchLog {
	/** Full GETs answered by the network (not Range probes). */
	networkFiles: string[];
	/** Sizes the server declared (content-length or content-range total), per URL. */
	declaredBytes: Map<string, number>;
	/** Model files the server answered 404 for. */
	missingFiles: string[];
}

const MODEL_FILE =
	/\/(config|generation_config|tokenizer|tokenizer_config|special_tokens_map)\.json$|\.onnx(_data(_\d+)?)?$/;

export function createModelFetch(
	base: typeof fetch,
	log: FetchLog,
	maxBytes: () => number | null,
	/** Aborts every request of this load, body reads included (the load failed elsewhere). */
	signal?: AbortSignal
): typeof fetch {
	return async (input, init) => {
		const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
		const isProbe = new Headers(init?.headers).get('Range') === 'bytes=0-0';
		signal?.throwIfAborted();
		let response: Response;
		try {
			response = await base(
				input,
				signal ? { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal } : init
			);
		} catch (error) {
			throw explainNetworkError(error, url);
		}
		if (!MODEL_FILE.test(new URL(url, globalThis.location?.href ?? 'http://localhost/').pathname)) return response;

		const type = response.headers.get('content-type') ?? '';
		if (response.ok && type.includes('text/html')) {
			await response.body?.cancel();
			throw new NotAModelError(url, 'the server answered with an HTML page');
		}
		if (response.status === 404 && /config\.json$/.test(url) && !/generation_config|tokenizer_config/.test(url)) {
			await response.body?.cancel().catch(() => undefined);
			throw new ModelNotFoundError(url.replace(/\/config\.json$/, ''));
		}
		if (response.status === 404) log.missingFiles.push(url);
		if (!response.ok) return response;

		const declared = declaredSize(response, isProbe);
		if (declared !== null) log.declaredBytes.set(url, declared);
		if (isProbe) return response;

		log.networkFiles.push(url);
		const limit = maxBytes();
		const total = [...log.declaredBytes.values()].reduce((a, b) => a + b, 0);
		if (limit !== null && total > limit) {
			await response.body?.cancel();
			throw new ModelTooLargeError(total, limit);
		}
		return response;
	};
}

const ONNX_FILE = /\.onnx(_data(_\d+)?)?$/;

/** Bytes of the ONNX files (weights and external data) whose sizes the server declared during this load. */
export function onnxBytesOf(log: Pick<FetchLog, 'declaredBytes'>): number {
	let total = 0;
	for (const [url, bytes] of log.declaredBytes)
		if (ONNX_FILE.test(new URL(url, globalThis.location?.href ?? 'http://localhost/').pathname)) total += bytes;
	return total;
}

function declaredSize(response: Response, isProbe: boolean): number | null {
	const range = response.headers.get('content-range')?.match(/\/(\d+)$/);
	if (range) return Number(range[1]);
	if (isProbe && response.status === 206) return null;
	const length = response.headers.get('content-length');
	return length ? Number(length) : null;
}

/** The model a file URL belongs to, for messages: the Hub layout's id, or the app's /models/{id}/. */
function modelOf(url: string): string {
	const { pathname } = new URL(url, globalThis.location?.href ?? 'http://localhost/');
	return pathname.match(/^\/(.+?)\/resolve\//)?.[1] ?? pathname.match(/^\/models\/([^/]+)\//)?.[1] ?? url;
}

/** fetch rejects with a bare TypeError when no answer came; aborts and our own errors pass unchanged. */
function explainNetworkError(error: unknown, url: string): unknown {
	if (!(error instanceof TypeError)) return error;
	if (globalThis.navigator?.onLine === false) return new ModelOfflineError(modelOf(url));
	return new ModelHostUnreachableError(new URL(url, globalThis.location?.href ?? 'http://localhost/').origin);
}
