// One definition of every per-run metric, for both engines (see docs/DESIGN.md, "What is measured").
// Input is what an engine returns; nothing here knows which engine produced it.
import type { GenerationResult, TokensSource } from '../engine/types';

export interface RunMetrics {
	/** generate request -> first output token. */
	ttftMs: number | null;
	/** generate request -> last output token. */
	e2eMs: number | null;
	/** (n_out - 1) / (t_last - t_first): the first token is excluded, as MLPerf Client does. */
	decodeTokensPerS: number | null;
	/** (t_last - t_first) / (n_out - 1). */
	tpotMs: number | null;
	/** n_in / ttft; for a cloud engine this includes the network. */
	prefillTokensPerS: number | null;
	inputTokens: number | null;
	outputTokens: number;
	tokensSource: TokensSource;
	/** Gaps between consecutive arrivals (per token locally, per chunk from a cloud stream). */
	itlMs: number[];
	/** The server's own decode speed, aligned to the definition above; null when it reports none. */
	serverDecodeTokensPerS?: number | null;
	/** decodeTokensPerS / serverDecodeTokensPerS: 1 when the client saw tokens as the server made them. */
	decodeAgreement?: number | null;
}

export { DECODE_AGREEMENT_TOLERANCE, decodeDisagrees } from '../engine/cloud/bunched-arrivals';

/**
 * Decode speed over the stamps of a run's output: (n_out - 1) / (t_last - t_first), the first token
 * excluded. Null below two tokens or with no measurable span. `outputTokens` defaults to one token per
 * stamp; a cloud stream passes the count it was told, as its chunks may carry several tokens each.
 * The app, the reference server and the benchmarks all compute decode speed here.
 */
export function decodeTokensPerSOf(arrivalsMs: readonly number[], outputTokens = arrivalsMs.length): number | null {
	const first = arrivalsMs[0];
	const last = arrivalsMs.at(-1);
	if (first === undefined || last === undefined || outputTokens < 2) return null;
	const spanMs = last - first;
	return spanMs > 0 ? ((outputTokens - 1) * 1000) / spanMs : null;
}

export function computeRunMetrics(result: GenerationResult): RunMetrics {
	const { arrivalsMs, requestMs, outputTokens, inputTokens } = result;
	const first = arrivalsMs[0] ?? null;
	const last = arrivalsMs.at(-1) ?? null;
	const ttftMs = first === null ? null : first - requestMs;
	const e2eMs = last === null || result.finishReason === 'error' ? null : last - requestMs;
	const decodeSpanMs = first !== null && last !== null ? last - first : 0;
	// Decode speed needs at least two tokens and a measurable span between the first and last. A failed
	// run's last arrival is where it broke, not where the answer ended: it has no decode figure.
	const failed = result.finishReason === 'error';
	const decodeTokensPerS = failed ? null : decodeTokensPerSOf(arrivalsMs, outputTokens);
	const decodes = decodeTokensPerS !== null;
	// i indexes the slice, which starts one later: arrivalsMs[i] is the arrival before t.
	const itlMs = arrivalsMs.slice(1).map((t, i) => t - arrivalsMs[i]!);
	const server = result.serverTimings?.decodeTokensPerS;
	const serverDecodeTokensPerS = typeof server === 'number' && server > 0 ? server : null;
	return {
		ttftMs,
		e2eMs,
		decodeTokensPerS,
		tpotMs: decodes ? decodeSpanMs / (outputTokens - 1) : null,
		prefillTokensPerS: inputTokens && ttftMs && ttftMs > 0 ? (inputTokens * 1000) / ttftMs : null,
		inputTokens,
		outputTokens,
		tokensSource: result.tokensSource,
		itlMs,
		serverDecodeTokensPerS,
		decodeAgreement:
			decodeTokensPerS !== null && serverDecodeTokensPerS !== null ? decodeTokensPerS / serverDecodeTokensPerS : null
	};
}
