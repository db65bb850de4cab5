// Break-even: the output length at which two engines finish together.
// Each engine's end-to-end latency for n output tokens is modelled from its measured medians as
//   e2e(n) = ttft + (n - 1) * tpot        (n >= 1)
// which is the docs/DESIGN.md definition of tpot read backwards. With
//   d(n) = e2e_a(n) - e2e_b(n) = (ttft_a - ttft_b) + (n - 1) (tpot_a - tpot_b)
// engine a finishes first exactly where d(n) < 0. The lines cross at n* = 1 - Δttft / Δtpot.

export interface LatencyModel {
	ttftMs: number;
	/** Time per output token after the first; 0 when decode took no measurable time. */
	tpotMs: number;
}

export type BreakEvenVerdict =
	/** a finishes first at every output length n >= 1. */
	| { kind: 'always' }
	/** a never finishes first (b first, or a tie at best). */
	| { kind: 'never' }
	/** The two finish together at every length. */
	| { kind: 'tie' }
	/** a finishes first for n < belowTokens (an integer >= 2). */
	| { kind: 'below'; belowTokens: number; crossingTokens: number }
	/** a finishes first for n >= fromTokens (an integer >= 2). */
	| { kind: 'from'; fromTokens: number; crossingTokens: number };

/** e2e latency in ms of an engine for n output tokens, under the linear model. */
export function e2eAt(model: LatencyModel, outputTokens: number): number {
	return model.ttftMs + Math.max(0, outputTokens - 1) * model.tpotMs;
}

/** Where engine a finishes before engine b, over whole output lengths n >= 1. */
export function breakEven(a: LatencyModel, b: LatencyModel): BreakEvenVerdict {
	const dTtft = a.ttftMs - b.ttftMs;
	const dTpot = a.tpotMs - b.tpotMs;
	if (dTpot === 0) {
		if (dTtft < 0) return { kind: 'always' };
		if (dTtft > 0) return { kind: 'never' };
		return { kind: 'tie' };
	}
	// d(n) < 0  <=>  (n - 1) dTpot < -dTtft
	const crossingTokens = 1 - dTtft / dTpot;
	if (dTpot > 0) {
		// a decodes slower: it can only be ahead on short outputs, while (n - 1) < -dTtft / dTpot.
		if (dTtft >= 0) return { kind: 'never' };
		// first whole n where a is no longer strictly ahead (crossingTokens > 1 here)
		return { kind: 'below', belowTokens: Math.ceil(crossingTokens), crossingTokens };
	}
	// a decodes faster: ahead once (n - 1) > dTtft / |dTpot|.
	if (dTtft < 0) return { kind: 'always' };
	// dTtft = 0: a tie at n = 1, a ahead from n = 2 on. Otherwise the first whole n past the crossing.
	const fromTokens = Math.max(2, Math.floor(crossingTokens) + 1);
	return { kind: 'from', fromTokens, crossingTokens };
}

/** One sentence for people, from the point of view of engine a ("local"). */
export function describeBreakEven(verdict: BreakEvenVerdict, aLabel: string, bLabel: string): string {
	switch (verdict.kind) {
		case 'always':
			return `${aLabel} finishes first at every length`;
		case 'never':
			return `${aLabel} never finishes first; ${bLabel} is as fast or faster at every length`;
		case 'tie':
			return `${aLabel} and ${bLabel} finish together at every length`;
		case 'below':
			return `${aLabel} finishes first below ${verdict.belowTokens} tokens`;
		case 'from':
			return `${aLabel} finishes first from ${verdict.fromTokens} tokens on`;
	}
}
