// Tells when a stream's chunks were stamped in a burst rather than as the model produced them. A
// client can only stamp a chunk when its reader runs: a busy or descheduled reader (a loaded machine, a
// starved worker thread) or a buffering proxy hands over many events in one read, and then
// (n - 1) / (t_last - t_first) reads as tens of thousands of tokens/s. The metric keeps its docs/DESIGN.md
// definition; the run carries this notice so no one takes that figure for the model's speed.
import { formatFixed } from '../../bench/format';
import type { GenerationResult, ServerTimings } from '../types';

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

/**
 * Whether the server's own decode figure stands in for the client's: the server reports one and the
 * tokens reached the client faster than the server made them, beyond the tolerance, or all at one moment
 * (bursts). A client stamp can only be late, never early, so a burst makes the client's figure too fast and
 * its span says nothing of the model; the server's span is the model's. A stream that arrived more slowly
 * than it was made keeps the client's figure: that is the speed the answer reached this client at.
 */
export function serverDecodeStandsIn(
	p: Omit<ArrivalPattern, 'contentReads'> & Pick<GenerationResult, 'stampedPer'>
): boolean {
	// Only a stamp per network read can bunch; on-device engines stamp each token as it is made (their own
	// timings, llama.cpp's, count a different span and must not replace them).
	if (p.stampedPer !== 'read') return false;
	const first = p.arrivalsMs[0];
	const last = p.arrivalsMs.at(-1);
	const serverRate = p.serverTimings?.decodeTokensPerS;
	if (p.outputTokens < 2 || first === undefined || last === undefined || !serverRate || serverRate <= 0) return false;
	const clientSpanMs = last - first;
	if (clientSpanMs <= 0) return true;
	const serverSpanMs = ((p.outputTokens - 1) * 1000) / serverRate;
	return serverSpanMs >= MIN_SERVER_SPAN_MS && serverSpanMs / clientSpanMs > 1 + DECODE_AGREEMENT_TOLERANCE;
}

/** What makes a stream timeable by the client: offered where no server figure can stand in. */
const HOW_TO_GET_A_FIGURE =
	'For a decode figure, ask for more tokens or use a slower model, so the answer spans many network reads, or use a server that reports its own timings (llama.cpp, vLLM with per-request metrics, the Edgewise reference server).';

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
		const over = `(${clientSpanMs > 0 ? `client / server decode ${formatFixed(agreement, '', 2)}` : 'all at one moment'}, outside ±${DECODE_AGREEMENT_TOLERANCE * 100}%)`;
		// This notice is about a stream's network reads: its stamps are per read by definition.
		if (serverDecodeStandsIn({ ...p, stampedPer: 'read' }))
			return (
				`The ${p.outputTokens} tokens reached this client over ${fmt(clientSpanMs)} ms, but the server took ${fmt(serverSpanMs)} ms to produce them ${over}: ` +
				`the stream arrived in bursts (this machine, the browser or the network handed over several events at once), so this client cannot time the decode. ` +
				`Decode speed and time per token show the server's own figure (${Math.round(serverRate)} tok/s); this client's is kept beside it.`
			);
		if (serverSpanMs >= MIN_SERVER_SPAN_MS && decodeDisagrees(agreement))
			return (
				`The ${p.outputTokens} tokens reached this client over ${fmt(clientSpanMs)} ms, but the server took ${fmt(serverSpanMs)} ms to produce them ${over}: ` +
				`the stream arrived more slowly than the server produced it (a slow reader, or a chunk held back), so decode speed and time per token here measure delivery, not the model. Run it again.`
			);
	} else if (p.contentReads === 1 && p.outputTokens >= 4) {
		// No server figure to compare with: only the unmistakable case, the whole answer in one read.
		return (
			`All ${p.outputTokens} tokens arrived in one network read, so decode speed and time per token measure delivery, not the model ` +
			`(the server or a proxy may buffer its stream), and this server reports no timings of its own. Check that the endpoint streams. ${HOW_TO_GET_A_FIGURE}`
		);
	}
	// Every token at one instant, and nothing above applied: there is no decode figure to mislead, but an
	// empty one needs its reason.
	if (clientSpanMs === 0) {
		return (
			`All ${p.outputTokens} tokens reached this client at the same moment (one read), so this client cannot time the decode for this run ` +
			`(a fast server and a short answer, or a stream that was held back), and this server reports no timings of its own. ${HOW_TO_GET_A_FIGURE}`
		);
	}
	return null;
}

const fmt = (ms: number) => (ms < 10 ? ms.toFixed(1) : String(Math.round(ms)));
