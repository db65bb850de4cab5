// Every way a cloud endpoint can fail, as a class a person can act on. Messages say what happened and
// what to do next; none of them ever includes the API key.

/** Where this page (or worker) runs, for CORS advice; Node has no origin of its own. */
export function appOrigin(): string {
	const origin = (globalThis as { location?: { origin?: string } }).location?.origin;
	return origin && origin !== 'null' ? origin : "this app's origin";
}

export abstract class CloudError extends Error {
	abstract override readonly name: string;
}

/**
 * What a failed fetch() means. `unreachable`: nothing answered (refused, no such host). `cors`: the
 * server answered but did not allow this page's origin. `unknown`: the browser cannot tell the two apart.
 */
export type NetworkFailure = 'unreachable' | 'cors' | 'unknown';

/** How each self-hosted server lets a web page on `origin` call it. */
function corsAdvice(origin: string): string {
	return (
		`Ollama: set OLLAMA_ORIGINS=${origin} before "ollama serve"; ` +
		`vLLM: "vllm serve ... --allowed-origins '["${origin}"]'"; ` +
		`llama.cpp: llama-server allows any origin by default (check any proxy in front of it); ` +
		`Edgewise reference server: "npm run cloud -- --cors-origin ${origin}".`
	);
}

/** fetch() rejected: the server is down, the address is wrong, or the browser blocked it (CORS). */
export class CloudNetworkError extends CloudError {
	readonly name = 'CloudNetworkError';
	constructor(
		baseUrl: string,
		cause?: unknown,
		readonly failure: NetworkFailure = 'unknown',
		origin = appOrigin()
	) {
		const why = causeText(cause);
		super(
			failure === 'unreachable'
				? `Nothing answered at ${baseUrl}${why}. Check that the server is running and that the base URL's host and port are right.`
				: failure === 'cors'
					? `${baseUrl} answered, but does not allow this page (${origin}) to read its replies (CORS: the server must ` +
						`send Access-Control-Allow-Origin for ${origin}). To allow it: ${corsAdvice(origin)}`
					: `Could not reach ${baseUrl}${why}. Either nothing answers there (check that the server is running and the base URL is right), ` +
						`or it answers but does not allow this page (${origin}) to read its replies (CORS: the server must send ` +
						`Access-Control-Allow-Origin for it); the browser does not say which. To allow it: ${corsAdvice(origin)}`,
			{ cause }
		);
	}
}

/** The device has no network: nothing else is worth suggesting. */
export class CloudOfflineError extends CloudError {
	readonly name = 'CloudOfflineError';
	constructor(baseUrl: string) {
		super(
			`This device is offline, so ${baseUrl} cannot be reached. The local model keeps working; reconnect to run the cloud side.`
		);
	}
}

export class CloudAuthError extends CloudError {
	readonly name = 'CloudAuthError';
	constructor(
		readonly status: 401 | 403,
		serverMessage: string
	) {
		super(
			status === 401
				? `The endpoint refused the request (401 Unauthorized): the API key is missing or wrong. Enter the key in Settings > Endpoints.${detail(serverMessage)}`
				: `The endpoint refused the request (403 Forbidden): the key is valid but may not use this model or endpoint. Check the key's permissions with the provider.${detail(serverMessage)}`
		);
	}
}

export class CloudModelNotFoundError extends CloudError {
	readonly name = 'CloudModelNotFoundError';
	constructor(
		readonly model: string,
		readonly availableModels: string[]
	) {
		super(
			`The endpoint does not know the model "${model}". ` +
				(availableModels.length
					? `It lists: ${availableModels.slice(0, 20).join(', ')}${availableModels.length > 20 ? ', ...' : ''}. Pick one in Settings > Endpoints.`
					: `It did not list its models (GET /v1/models); check the model name with the provider.`)
		);
	}
}

export class CloudRateLimitError extends CloudError {
	readonly name = 'CloudRateLimitError';
	constructor(
		readonly retryAfterS: number | null,
		serverMessage: string
	) {
		super(
			`The endpoint is busy or the rate limit was reached (429). ` +
				(retryAfterS !== null ? `It asks to retry after ${retryAfterS} s.` : 'Wait a little and retry.') +
				detail(serverMessage)
		);
	}
}

export class CloudServerError extends CloudError {
	readonly name = 'CloudServerError';
	constructor(
		readonly status: number,
		serverMessage: string
	) {
		super(
			`The endpoint failed with ${status} (a server-side error, not something in this request). Retry later or check the server's logs.${detail(serverMessage)}`
		);
	}
}

/** Other 4xx: the server rejected the request itself. */
export class CloudRequestError extends CloudError {
	readonly name = 'CloudRequestError';
	constructor(
		readonly status: number,
		serverMessage: string
	) {
		super(
			status === 404
				? `The endpoint has no such path (404). Check the base URL: it usually ends in /v1.${detail(serverMessage)}`
				: `The endpoint rejected the request (${status}). Check the parameters it names.${detail(serverMessage)}`
		);
	}
}

/** An HTML page (a login wall, a proxy error, the wrong URL) where JSON or a stream was expected. */
export class CloudNotJsonError extends CloudError {
	readonly name = 'CloudNotJsonError';
	constructor(url: string, contentType: string, snippet: string) {
		super(
			`${url} answered with ${contentType || 'something'} instead of JSON. The base URL probably points at a web page ` +
				`rather than the API: it usually ends in /v1 (for example http://127.0.0.1:11434/v1 for Ollama). ` +
				`It began: ${JSON.stringify(snippet.slice(0, 80))}`
		);
	}
}

/** The stream stopped before its end: the connection was cut, or it closed without "data: [DONE]". */
export class CloudStreamCutError extends CloudError {
	readonly name = 'CloudStreamCutError';
	constructor(
		readonly receivedChars: number,
		cause?: unknown
	) {
		super(
			`The stream was cut after ${receivedChars} characters${causeText(cause)}, before the server said it was done: ` +
				`the connection dropped or the server stopped mid-answer. The partial text is kept; its speed is not measured. Run it again.`,
			{ cause }
		);
	}
}

/** The server sent `{"error": ...}` inside the stream. */
export class CloudStreamError extends CloudError {
	readonly name = 'CloudStreamError';
	constructor(serverMessage: string) {
		super(
			`The endpoint reported an error in the middle of the stream: ${serverMessage || '(no message)'}. Retry; if it repeats, check the server's logs.`
		);
	}
}

export class CloudNotStreamingError extends CloudError {
	readonly name = 'CloudNotStreamingError';
	constructor() {
		super(
			`The endpoint ignored "stream": true and answered with a single JSON body, so time to first token cannot ` +
				`be measured. Use a server or model that supports streaming chat completions (text/event-stream).`
		);
	}
}

export type TimeoutPhase = 'connect' | 'first-token' | 'idle';

export class CloudTimeoutError extends CloudError {
	readonly name = 'CloudTimeoutError';
	constructor(
		readonly phase: TimeoutPhase,
		readonly timeoutMs: number
	) {
		const what = {
			connect: 'answer the request (no response headers)',
			'first-token': 'send its first token',
			idle: 'send the next part of the stream'
		}[phase];
		super(
			`The endpoint took longer than ${Math.round(timeoutMs / 1000)} s to ${what}. It may be overloaded or loading the model; retry, or raise the timeout.`
		);
	}
}

/** A malformed event inside an otherwise valid stream. */
export class CloudProtocolError extends CloudError {
	readonly name = 'CloudProtocolError';
	constructor(what: string) {
		super(
			`The endpoint sent something that is not an OpenAI chat-completions stream: ${what}. Check that the base URL points at an OpenAI-compatible API.`
		);
	}
}

/** Test connection found the API one level down. */
export class CloudBaseUrlError extends CloudError {
	readonly name = 'CloudBaseUrlError';
	constructor(
		baseUrl: string,
		readonly suggestedBaseUrl: string
	) {
		super(
			`${baseUrl} has no OpenAI API, but ${suggestedBaseUrl} answers: did you mean ${suggestedBaseUrl}? Change the base URL and test again.`
		);
	}
}

export class CloudModelNotListedError extends CloudError {
	readonly name = 'CloudModelNotListedError';
	constructor(model: string, available: string[]) {
		super(
			`The endpoint answered, but its model list (GET /models) does not include "${model}": it lists ${available.slice(0, 10).join(', ')}` +
				`${available.length > 10 ? ', ...' : ''}. Some servers answer with whatever model they run, whatever the name, so results would carry the wrong model name. Pick a listed model.`
		);
	}
}

/** " (connect ECONNREFUSED 127.0.0.1:1)" from Node's fetch; browsers say only "Failed to fetch". */
function causeText(cause: unknown): string {
	if (!(cause instanceof Error)) return '';
	const inner = (cause as { cause?: unknown }).cause;
	const text = inner instanceof Error ? inner.message : cause.message;
	return text && !/^(failed to fetch|fetch failed|network error|load failed)$/i.test(text) ? ` (${text})` : '';
}

function detail(serverMessage: string): string {
	return serverMessage ? ` The server said: ${serverMessage}` : '';
}
