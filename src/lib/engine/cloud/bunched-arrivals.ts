// Tells when a stream's chunks were stamped in a burst rather than as the model produced them. A
// client can only stamp a chunk when its reader runs: a busy or descheduled reader (a loaded machine, a
// starved worker thread) or a buffering proxy hands over many events in one read, and then
// (n - 1) / (t_last - t_first) reads as tens of thousands of tokens/s. The metric keeps its docs/DESIGN.md
// definition; the run carries this notice so no one takes that figure for the model's speed.
import type { ServerTimings } from '../types';

/**
 * Client and server decode figures further apart than this (either way) mean the client did not see
 * tokens as the server produced them (bursts, a late first chunk): the run carries a notice and its
 * decode figure is marked. Timer and read granularity stay well inside it for runs of 32 tokens or more.
 */
export const DECODE_AGREEMENT_TOLERANCE = 0.1;

export function decodeDisagrees(agreement: number | null | undefined): boolean {
	return typeof agreement === 'number' && Math.abs(agreement - 1) > DECODE_AGREEMENT_TOLERANCE;
}
/** Below this server decode time the comparison is too coarse to judge (timer and read granularity). */
const MIN_SERVER_SPAN_MS = 5;

export interface ArrivalPattern {
	arrivalsMs: number[];
	outputTokens: number;
	/** Network reads that carried content. */
	contentReads: number;
	serverTimings?: ServerTimings;
}

export function bunchedArrivalsNotice(p: ArrivalPattern): string | null {
	const first = p.arrivalsMs[0];
	const last = p.arrivalsMs.at(-1);
	if (p.outputTokens < 2 || first === undefined || last === undefined) return null;
	const clientSpanMs = last - first;
	const serverRate = p.serverTimings?.decodeTokensPerS;
	if (serverRate && serverRate > 0) {
		const serverSpanMs = ((p.outputTokens - 1) * 1000) / serverRate;
		// Same definition on both sides, so their ratio is the span ratio.
		const agreement = clientSpanMs > 0 ? serverSpanMs / clientSpanMs : Infinity;
		if (serverSpanMs >= MIN_SERVER_SPAN_MS && decodeDisagrees(agreement)) {
			const how =
				agreement > 1
					? 'the stream arrived in bursts (this machine, the browser or the network held it back)'
					: 'the stream arrived more slowly than the server produced it (a slow reader, or a chunk held back)';
			return (
				`The ${p.outputTokens} tokens reached this client over ${fmt(clientSpanMs)} ms, but the server took ${fmt(serverSpanMs)} ms to produce them ` +
				`(${clientSpanMs > 0 ? `client / server decode ${agreement.toFixed(2)}` : 'all at one moment'}, outside ±${DECODE_AGREEMENT_TOLERANCE * 100}%): ${how}, so decode speed and time per token here do not measure the model. Run it again.`
			);
		}
	} else if (p.contentReads === 1 && p.outputTokens >= 4) {
		// No server figure to compare with: only the unmistakable case, the whole answer in one read.
		return (
			`All ${p.outputTokens} tokens arrived in one network read, so decode speed and time per token measure delivery, not the model ` +
			`(the server or a proxy may buffer its stream). Run it again, or check that the endpoint streams.`
		);
	}
	// Every token at one instant, and nothing above applied: there is no decode figure to mislead, but an
	// empty one needs its reason.
	if (clientSpanMs === 0) {
		return (
			`All ${p.outputTokens} tokens reached this client at the same moment (one read), so decode speed and time per token ` +
			`cannot be measured for this run: a fast server and a short answer, or a stream that was held back. Ask for more tokens, or run it again.`
		);
	}
	return null;
}

const fmt = (ms: number) => (ms < 10 ? ms.toFixed(1) : String(Math.round(ms)));
