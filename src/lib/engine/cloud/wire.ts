// The OpenAI wire format at the edge: request bodies out, stream chunks in. Field names keep the
// wire's snake_case here and nowhere else.
import type { GenerateRequest, ServerTimings } from '../types';

export type WireMode = 'chat' | 'completion';

export function requestPath(request: GenerateRequest): string {
	return request.input.mode === 'chat' ? '/chat/completions' : '/completions';
}

export function buildRequestBody(request: GenerateRequest, model: string, stream: boolean): Record<string, unknown> {
	const body: Record<string, unknown> = { model, stream, max_tokens: request.maxNewTokens };
	if (request.input.mode === 'chat') body.messages = request.input.messages;
	else body.prompt = request.input.prompt;
	body.temperature = request.temperature;
	if (request.topP !== undefined) body.top_p = request.topP;
	if (request.seed !== undefined) body.seed = request.seed;
	if (request.stop?.length) body.stop = request.stop;
	// vLLM, llama.cpp, TGI and the reference server understand these; others ignore unknown fields.
	if (request.ignoreEos) {
		body.ignore_eos = true;
		body.min_tokens = request.maxNewTokens;
	}
	if (stream) body.stream_options = { include_usage: true };
	return body;
}

export interface ParsedChunk {
	content: string;
	finishReason: string | null;
	usage: { promptTokens: number | null; completionTokens: number | null } | null;
	timings: ServerTimings | null;
	errorMessage: string | null;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Reads one decoded JSON event (chat or completion chunk). Returns null if it is not an object. */
export function parseChunk(value: unknown): ParsedChunk | null {
	if (!isObject(value)) return null;
	const error = value.error;
	const errorMessage = error === undefined || error === null ? null : errorText(error);
	let content = '';
	let finishReason: string | null = null;
	const choices = Array.isArray(value.choices) ? value.choices : [];
	const choice = choices.find((c) => isObject(c) && (c.index === undefined || c.index === 0));
	if (isObject(choice)) {
		const delta = isObject(choice.delta) ? choice.delta : isObject(choice.message) ? choice.message : null;
		if (delta && typeof delta.content === 'string') content = delta.content;
		else if (typeof choice.text === 'string') content = choice.text;
		if (typeof choice.finish_reason === 'string') finishReason = choice.finish_reason;
	}
	return {
		content,
		finishReason,
		usage: parseUsage(value.usage),
		timings: parseTimings(value.edgewise_timings),
		errorMessage
	};
}

function parseUsage(v: unknown): ParsedChunk['usage'] {
	if (!isObject(v)) return null;
	return { promptTokens: num(v.prompt_tokens), completionTokens: num(v.completion_tokens) };
}

/** The reference server's extension field; other servers do not send it. */
export function parseTimings(v: unknown): ServerTimings | null {
	if (!isObject(v)) return null;
	const promptMs = num(v.prompt_ms);
	const decodeTokensPerS = num(v.decode_tokens_per_s);
	if (promptMs === null && decodeTokensPerS === null) return null;
	return { ...(promptMs !== null && { promptMs }), ...(decodeTokensPerS !== null && { decodeTokensPerS }) };
}

/** OpenAI puts `{error: {message}}`; some servers send a bare string or `{detail}`. */
export function errorText(error: unknown): string {
	if (typeof error === 'string') return error;
	if (isObject(error)) {
		if (typeof error.message === 'string') return error.message;
		if (typeof error.detail === 'string') return error.detail;
	}
	return JSON.stringify(error)?.slice(0, 300) ?? '';
}
