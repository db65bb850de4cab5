// Timings a server reports about its own generation, read at the edge into ServerTimings. Each format
// is documented by its server; each keeps its own definition in `reported*`, and `decodeTokensPerS` is
// recomputed to Edgewise's one, (n - 1) / (t_last - t_first), so client and server figures compare.
// - Edgewise reference server: `edgewise_timings` {prompt_ms, decode_tokens_per_s, completion_tokens}
//   on the final chunks, decode already (n - 1) over the first-to-last token span (src/server/model-runner.ts).
// - llama.cpp server: `timings` {prompt_n, prompt_ms, predicted_n, predicted_ms, predicted_per_second}
//   on the last chunk, sent without stream_options too; predicted_per_second = 1e3 / predicted_ms *
//   predicted_n, n over the span (ggml-org/llama.cpp, tools/server: result_timings::to_json).
// - vLLM with --enable-per-request-metrics: `metrics` {time_to_first_token_ms, generation_time_ms
//   (first to last output token), queue_time_ms, tokens_per_second (all tokens over scheduling to last,
//   prefill included)} on the usage chunk (vllm docs/features/per_request_metrics.md).
import type { ServerTimings } from '../types';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** From one decoded stream event (or a whole JSON answer); null when it carries no server timings. */
export function parseServerTimings(event: unknown): ServerTimings | null {
	if (!isObject(event)) return null;
	const completionTokens = isObject(event.usage) ? num(event.usage.completion_tokens) : null;
	return edgewise(event.edgewise_timings) ?? llamaCpp(event.timings) ?? vllm(event.metrics, completionTokens);
}

function edgewise(v: unknown): ServerTimings | null {
	if (!isObject(v)) return null;
	const promptMs = num(v.prompt_ms);
	const rate = num(v.decode_tokens_per_s);
	if (promptMs === null && rate === null) return null;
	const n = num(v.completion_tokens);
	return clean({
		source: 'edgewise',
		promptMs,
		promptTokens: num(v.prompt_tokens),
		decodeTokens: n,
		decodeMs: rate && n && n > 1 ? ((n - 1) * 1000) / rate : null,
		decodeTokensPerS: rate,
		reportedTokensPerS: rate,
		reportedDefinition: rate === null ? null : '(n - 1) / first-to-last token span (Edgewise)'
	});
}

function llamaCpp(v: unknown): ServerTimings | null {
	if (!isObject(v)) return null;
	const n = num(v.predicted_n);
	const decodeMs = num(v.predicted_ms);
	const reported = num(v.predicted_per_second);
	if (n === null && decodeMs === null && reported === null && num(v.prompt_ms) === null) return null;
	return clean({
		source: 'llama.cpp',
		promptMs: num(v.prompt_ms),
		promptTokens: num(v.prompt_n),
		decodeTokens: n,
		decodeMs,
		decodeTokensPerS: alignedRate(n, decodeMs),
		reportedTokensPerS: reported,
		reportedDefinition: reported === null ? null : 'predicted_n / predicted_ms (llama.cpp: n over the decode span)'
	});
}

function vllm(v: unknown, completionTokens: number | null): ServerTimings | null {
	if (!isObject(v)) return null;
	const decodeMs = num(v.generation_time_ms);
	const ttft = num(v.time_to_first_token_ms);
	const reported = num(v.tokens_per_second);
	if (decodeMs === null && ttft === null) return null;
	return clean({
		source: 'vllm',
		promptMs: ttft,
		promptTokens: null,
		decodeTokens: completionTokens,
		decodeMs,
		decodeTokensPerS: alignedRate(completionTokens, decodeMs),
		reportedTokensPerS: reported,
		reportedDefinition:
			reported === null ? null : 'all output tokens / scheduling to last token, prefill included (vLLM)'
	});
}

/** (n - 1) tokens over the server's first-to-last span: the first token is prefill's, as in RunMetrics. */
function alignedRate(n: number | null, spanMs: number | null): number | null {
	return n !== null && n > 1 && spanMs !== null && spanMs > 0 ? ((n - 1) * 1000) / spanMs : null;
}

function clean(t: { [K in keyof ServerTimings]-?: ServerTimings[K] | null }): ServerTimings {
	return Object.fromEntries(Object.entries(t).filter(([, v]) => v !== null)) as ServerTimings;
}

/** Later events fill in what earlier ones lacked (vLLM's count arrives with its usage). */
export function mergeServerTimings(a: ServerTimings | undefined, b: ServerTimings | null): ServerTimings | undefined {
	if (!b) return a;
	return a && a.source === b.source ? { ...a, ...b } : b;
}
