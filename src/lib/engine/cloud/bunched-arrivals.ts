// Tells when a stream's chunks were stamped in a burst rather than as the model produced them. A
// client can only stamp a chunk when its reader runs: a busy or descheduled reader (a loaded machine, a
// starved worker thread) or a buffering proxy hands over many events in one read, and then
// (n - 1) / (t_last - t_first) reads as tens of thousands of tokens/s. The metric keeps its docs/DESIGN.md
// definition; the run carries this notice so no one takes that figure for the model's speed.
import type { ServerTimings } from '../types';

/** Arrivals spread over less than this share of the server's own decode time count as bunched. */
export const BUNCHED_SPAN_RATIO = 0.5;
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
	if (p.outputTokens < 2 || p.arrivalsMs.length === 0) return null;
	const clientSpanMs = p.arrivalsMs[p.arrivalsMs.length - 1] - p.arrivalsMs[0];
	const serverRate = p.serverTimings?.decodeTokensPerS;
	if (serverRate && serverRate > 0) {
		const serverSpanMs = ((p.outputTokens - 1) * 1000) / serverRate;
		if (serverSpanMs >= MIN_SERVER_SPAN_MS && clientSpanMs < BUNCHED_SPAN_RATIO * serverSpanMs) {
			return (
				`The ${p.outputTokens} tokens reached this client within ${fmt(clientSpanMs)} ms, but the server took ${fmt(serverSpanMs)} ms to produce them: ` +
				`the stream arrived in bursts (this machine or the network held it back), so decode speed and time per token here do not measure the model. Run it again.`
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
