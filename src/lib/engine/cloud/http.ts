// HTTP plumbing shared by the engine, the model list and "Test connection": URLs, headers, and the
// mapping from a failed response to the error a person can act on.
import {
	CloudAuthError,
	CloudModelNotFoundError,
	CloudNetworkError,
	CloudNotJsonError,
	CloudOfflineError,
	CloudRateLimitError,
	CloudRequestError,
	CloudServerError,
	type CloudError,
	type NetworkFailure
} from './errors';
import { errorText } from './wire';

export interface EndpointAccess {
	baseUrl: string;
	apiKey?: string;
	fetch?: typeof fetch;
}

export function endpointUrl(baseUrl: string, path: string): string {
	return baseUrl.replace(/\/+$/, '') + path;
}

/** `stream`: a POST with a JSON body that asks for an event stream; otherwise a plain JSON GET. */
export function headers(access: EndpointAccess, stream: boolean): Record<string, string> {
	const h: Record<string, string> = stream
		? { accept: 'text/event-stream', 'content-type': 'application/json' }
		: { accept: 'application/json' };
	// The key goes only to its own endpoint, in this header, and nowhere else.
	if (access.apiKey) h.authorization = `Bearer ${access.apiKey}`;
	return h;
}

/** fetch() that turns a rejection (offline, down, CORS) into its error, keeping aborts as they are. */
export async function send(access: EndpointAccess, url: string, init: RequestInit): Promise<Response> {
	const doFetch = access.fetch ?? globalThis.fetch.bind(globalThis);
	try {
		return await doFetch(url, init);
	} catch (err) {
		if (init.signal?.aborted) throw init.signal.reason ?? err;
		throw await networkError(access, err);
	}
}

/** Why a fetch() rejected, as far as this context can tell. */
async function networkError(access: EndpointAccess, cause: unknown): Promise<CloudError> {
	if ((globalThis as { navigator?: { onLine?: boolean } }).navigator?.onLine === false)
		return new CloudOfflineError(access.baseUrl);
	return new CloudNetworkError(access.baseUrl, cause, await probeFailure(access));
}

const PROBE_TIMEOUT_MS = 5_000;

/**
 * In a browser a refused connection and a CORS refusal both reject as a bare TypeError. A `no-cors`
 * request to the same URL needs no permission from the server: if it resolves (an opaque response),
 * something answered there and only CORS stood in the way. A page that is cross-origin isolated with
 * `COEP: require-corp` blocks opaque answers that lack Cross-Origin-Resource-Policy, so there a failed
 * probe proves nothing and the error says the browser cannot tell. Node has no CORS: its fetch names
 * the cause (ECONNREFUSED, ENOTFOUND) itself.
 */
async function probeFailure(access: EndpointAccess): Promise<NetworkFailure> {
	const g = globalThis as { document?: unknown; importScripts?: unknown; crossOriginIsolated?: boolean };
	const inBrowser = g.document !== undefined || typeof g.importScripts === 'function';
	if (!inBrowser) return 'unreachable';
	const doFetch = access.fetch ?? globalThis.fetch.bind(globalThis);
	try {
		await doFetch(access.baseUrl, {
			mode: 'no-cors',
			credentials: 'omit',
			cache: 'no-store',
			signal: AbortSignal.timeout(PROBE_TIMEOUT_MS)
		});
		return 'cors';
	} catch {
		return g.crossOriginIsolated ? 'unknown' : 'unreachable';
	}
}

export function isHtml(contentType: string, text: string): boolean {
	return contentType.includes('text/html') || /^\s*</.test(text);
}

/**
 * Reads a non-2xx response (or a 2xx one that is not JSON) into its error. It makes no request itself:
 * a "model not found" error gets its list of models from `withModelList`, once.
 * `model` is the model a generation asked for; empty for requests that name none (GET /models).
 */
export async function errorFromResponse(access: EndpointAccess, res: Response, model: string): Promise<CloudError> {
	const contentType = res.headers.get('content-type') ?? '';
	const text = await res.text().catch(() => '');
	let message: string;
	try {
		const body = JSON.parse(text) as Record<string, unknown>;
		message = errorText(body.error ?? body);
	} catch {
		message = isHtml(contentType, text) ? '' : text.slice(0, 200);
	}
	if (res.status === 401 || res.status === 403) return new CloudAuthError(res.status, message);
	if (res.status === 429) return new CloudRateLimitError(retryAfterS(res.headers.get('retry-after')), message);
	if (res.status >= 500) return new CloudServerError(res.status, message);
	// A web page where the API should be: a wrong base URL, a login wall, a proxy.
	if (isHtml(contentType, text) && !contentType.includes('json')) {
		return new CloudNotJsonError(res.url || access.baseUrl, contentType, text);
	}
	if (model && res.status === 404 && /model/i.test(message)) return new CloudModelNotFoundError(model, []);
	return new CloudRequestError(res.status, message);
}

/** A model-not-found error with what GET /models lists (one request; none when that fails too). */
export async function withModelList(
	access: EndpointAccess,
	error: CloudError,
	signal?: AbortSignal
): Promise<CloudError> {
	if (!(error instanceof CloudModelNotFoundError) || error.availableModels.length) return error;
	const available = await listModels(access, signal).catch(() => []);
	return new CloudModelNotFoundError(error.model, available);
}

/** Retry-After is seconds or an HTTP date. */
export function retryAfterS(value: string | null, now = Date.now()): number | null {
	if (!value) return null;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds);
	const date = Date.parse(value);
	return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

/** GET /v1/models: the ids the endpoint offers. */
export async function listModels(access: EndpointAccess, signal?: AbortSignal): Promise<string[]> {
	const url = endpointUrl(access.baseUrl, '/models');
	const res = await send(access, url, { headers: headers(access, false), signal });
	if (!res.ok) throw await errorFromResponse(access, res, '');
	const text = await res.text();
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		throw new CloudNotJsonError(url, res.headers.get('content-type') ?? '', text);
	}
	const data = (body as { data?: unknown })?.data;
	if (!Array.isArray(data)) return [];
	return data.flatMap((m) => (typeof (m as { id?: unknown })?.id === 'string' ? [(m as { id: string }).id] : []));
}
