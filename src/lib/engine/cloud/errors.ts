// Every way a cloud endpoint can fail, as a class a person can act on. Messages say what happened and
// what to do next; none of them ever includes the API key.

/** The app's own origins, named in CORS advice. */
const APP_ORIGINS = 'http://127.0.0.1:4173 (or wherever Edgewise is served from)';

export abstract class CloudError extends Error {
	abstract override readonly name: string;
}

/** fetch() rejected: the server is down, the address is wrong, or the browser blocked it (CORS). */
export class CloudNetworkError extends CloudError {
	readonly name = 'CloudNetworkError';
	constructor(baseUrl: string, cause?: unknown) {
		super(
			`Could not reach ${baseUrl}. Check that the server is running and the base URL is right. ` +
				`In a browser this also happens when the server does not allow this page's origin (CORS: ` +
				`a server must answer with Access-Control-Allow-Origin for a web page on another origin to read it). ` +
				`To allow ${APP_ORIGINS}: Ollama: set OLLAMA_ORIGINS=http://127.0.0.1:4173 before \`ollama serve\`; ` +
				`vLLM: \`vllm serve ... --allowed-origins '["http://127.0.0.1:4173"]'\`; ` +
				`llama.cpp: llama-server allows any origin by default (check any proxy in front of it); ` +
				`Edgewise reference server: \`npm run cloud -- --cors-origin http://127.0.0.1:4173\`.`,
			{ cause }
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

export class CloudStreamTruncatedError extends CloudError {
	readonly name = 'CloudStreamTruncatedError';
	constructor(receivedChars: number) {
		super(
			`The stream ended without its closing "data: [DONE]" after ${receivedChars} characters: the connection ` +
				`was cut or the server stopped mid-answer. The partial text is kept, but its timings are not comparable; run it again.`
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

function detail(serverMessage: string): string {
	return serverMessage ? ` The server said: ${serverMessage}` : '';
}
