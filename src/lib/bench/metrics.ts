// One definition of every per-run metric, for both engines (see docs/DESIGN.md, "What is measured").
// Input is what an engine returns; nothing here knows which engine produced it.
import type { GenerationResult, TokensSource } from '../engine/types';
import { serverDecodeStandsIn } from '../engine/cloud/bunched-arrivals';

/** Who timed a run's decode: this client from its stamps, or the server's own figure where the client could not. */
export type DecodeSource = 'client' | 'server';

export interface RunMetrics {
	/** generate request -> first output token. */
	ttftMs: number | null;
	/** generate request -> last output token. */
	e2eMs: number | null;
	/**
	 * (n_out - 1) / (t_last - t_first): the first token is excluded, as MLPerf Client does. The client's own
	 * figure, unless the tokens reached it in bursts and the server reported its own (then `decodeSource` is
	 * 'server' and this is the server's figure by the same definition).
	 */
	decodeTokensPerS: number | null;
	/** (t_last - t_first) / (n_out - 1); with `decodeSource` 'server', 1000 / the server's decode figure. */
	tpotMs: number | null;
	/** Who timed decodeTokensPerS and tpotMs; absent in older records, which are all 'client'. */
	decodeSource?: DecodeSource;
	/** This client's own decode figure and time per token, kept beside a server's figure that stands in. */
	clientDecodeTokensPerS?: number | null;
	clientTpotMs?: number | null;
	/** n_in / ttft; for a cloud engine this includes the network. */
	prefillTokensPerS: number | null;
	inputTokens: number | null;
	outputTokens: number;
	tokensSource: TokensSource;
	/** Gaps between consecutive arrivals (per token locally, per chunk from a cloud stream). */
	itlMs: number[];
	/** The server's own decode speed, aligned to the definition above; null when it reports none. */
	serverDecodeTokensPerS?: number | null;
	/** clientDecodeTokensPerS / serverDecodeTokensPerS: 1 when the client saw tokens as the server made them. */
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

/** Whether a run counts: it finished (a stop, a length limit), neither failed nor was cancelled. */
export function runOk(result: Pick<GenerationResult, 'finishReason'>): boolean {
	return result.finishReason !== 'error' && result.finishReason !== 'cancelled';
}

/** A run's metrics as a record keeps them: computed for a run that counts, null for one that failed or was cancelled. */
export function sampleMetrics(result: GenerationResult): RunMetrics | null {
	return runOk(result) ? computeRunMetrics(result) : null;
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
	const clientDecode = failed ? null : decodeTokensPerSOf(arrivalsMs, outputTokens);
	const clientTpot = clientDecode !== null ? decodeSpanMs / (outputTokens - 1) : null;
	// i indexes the slice, which starts one later: arrivalsMs[i] is the arrival before t.
	const itlMs = arrivalsMs.slice(1).map((t, i) => t - arrivalsMs[i]!);
	const server = result.serverTimings?.decodeTokensPerS;
	const serverDecodeTokensPerS = typeof server === 'number' && server > 0 ? server : null;
	// Where the client could not time the stream (bursts), the server's own figure stands in, labelled so;
	// time per token follows from it (1000 / rate), which break-even reads with the client's ttft.
	const fromServer = !failed && serverDecodeTokensPerS !== null && serverDecodeStandsIn(result);
	return {
		ttftMs,
		e2eMs,
		decodeTokensPerS: fromServer ? serverDecodeTokensPerS : clientDecode,
		tpotMs: fromServer ? 1000 / serverDecodeTokensPerS : clientTpot,
		decodeSource: fromServer ? 'server' : 'client',
		clientDecodeTokensPerS: clientDecode,
		clientTpotMs: clientTpot,
		prefillTokensPerS: inputTokens && ttftMs && ttftMs > 0 ? (inputTokens * 1000) / ttftMs : null,
		inputTokens,
		outputTokens,
		tokensSource: result.tokensSource,
		itlMs,
		serverDecodeTokensPerS,
		decodeAgreement:
			clientDecode !== null && serverDecodeTokensPerS !== null ? clientDecode / serverDecodeTokensPerS : null
	};
}
