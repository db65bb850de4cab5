import { describe, expect, it } from 'vitest';
import { bunchedArrivalsNotice, serverDecodeStandsIn } from './bunched-arrivals';

const spread = (n: number, gapMs: number) => Array.from({ length: n }, (_, i) => 1000 + i * gapMs);

describe('bunchedArrivalsNotice', () => {
	it('says nothing when arrivals follow the server (10 ms/token on both sides)', () => {
		expect(
			bunchedArrivalsNotice({
				arrivalsMs: spread(64, 10),
				outputTokens: 64,
				contentReads: 64,
				serverTimings: { decodeTokensPerS: 100 }
			})
		).toBeNull();
	});

	it("flags a client decode more than 10% away from the server's, either way, and nothing within it", () => {
		const burst = bunchedArrivalsNotice({
			arrivalsMs: spread(64, 0.02),
			outputTokens: 64,
			contentReads: 1,
			serverTimings: { decodeTokensPerS: 500 }
		});
		expect(burst).toMatch(
			/^The 64 tokens reached this client over 1\.3 ms, but the server took 126 ms to produce them \(client \/ server decode 100\.00, outside ±10%\): the stream arrived in bursts/
		);
		// 2 ms per token on the server (500 tok/s): 1.85 ms here is 8% fast, 1.8 ms is 11% fast.
		expect(
			bunchedArrivalsNotice({
				arrivalsMs: spread(64, 1.85),
				outputTokens: 64,
				contentReads: 64,
				serverTimings: { decodeTokensPerS: 500 }
			})
		).toBeNull();
		expect(
			bunchedArrivalsNotice({
				arrivalsMs: spread(64, 1.8),
				outputTokens: 64,
				contentReads: 64,
				serverTimings: { decodeTokensPerS: 500 }
			})
		).toMatch(/decode 1\.11, outside/);
		const slow = bunchedArrivalsNotice({
			arrivalsMs: spread(64, 2.3),
			outputTokens: 64,
			contentReads: 64,
			serverTimings: { decodeTokensPerS: 500 }
		});
		expect(slow).toMatch(/decode 0\.87, outside ±10%\): the stream arrived more slowly than the server produced it/);
	});

	it('says why there is no decode figure when every token arrived at the same moment, and what would give one', () => {
		const notice = bunchedArrivalsNotice({ arrivalsMs: spread(20, 0), outputTokens: 20, contentReads: 2 });
		expect(notice).toMatch(/^All 20 tokens reached this client at the same moment/);
		expect(notice).toMatch(/ask for more tokens or use a slower model/);
		expect(notice).toMatch(/reports no timings of its own/);
	});

	it("says the server's figure stands in when the tokens arrived in a burst and the server timed them", () => {
		// The case: 64 tokens in one read, the server took 96 ms.
		const rate = (63 * 1000) / 96;
		const notice = bunchedArrivalsNotice({
			arrivalsMs: spread(64, 0),
			outputTokens: 64,
			contentReads: 1,
			serverTimings: { decodeTokensPerS: rate }
		});
		expect(notice).toMatch(
			/^The 64 tokens reached this client over 0\.0 ms, but the server took 96 ms to produce them \(all at one moment, outside ±10%\)/
		);
		expect(notice).toMatch(/show the server's own figure \(656 tok\/s\); this client's is kept beside it/);
		// Three tokens in one read: too short for the ±10% test, but with no client span at all the server's figure stands in.
		expect(
			bunchedArrivalsNotice({
				arrivalsMs: spread(3, 0),
				outputTokens: 3,
				contentReads: 1,
				serverTimings: { decodeTokensPerS: 1000 }
			})
		).toMatch(/show the server's own figure \(1000 tok\/s\)/);
	});

	it('does not judge spans too short to measure, single tokens, or empty answers', () => {
		expect(
			bunchedArrivalsNotice({
				arrivalsMs: spread(3, 0.5),
				outputTokens: 3,
				contentReads: 3,
				serverTimings: { decodeTokensPerS: 1000 }
			})
		).toBeNull();
		expect(bunchedArrivalsNotice({ arrivalsMs: [5], outputTokens: 1, contentReads: 1 })).toBeNull();
		expect(bunchedArrivalsNotice({ arrivalsMs: [], outputTokens: 0, contentReads: 0 })).toBeNull();
	});

	it('without server timings, flags only a whole answer in one network read', () => {
		expect(bunchedArrivalsNotice({ arrivalsMs: spread(20, 0.01), outputTokens: 20, contentReads: 1 })).toMatch(
			/^All 20 tokens arrived in one network read/
		);
		expect(bunchedArrivalsNotice({ arrivalsMs: spread(20, 0.01), outputTokens: 20, contentReads: 2 })).toBeNull();
	});
});

describe('serverDecodeStandsIn', () => {
	const server = (decodeTokensPerS: number) => ({ decodeTokensPerS });
	it('only for bursts (client faster than the server beyond ±10%, or no client span) with a server figure', () => {
		// 500 tok/s on the server, 2 ms per token: 1.8 ms here is 11% fast, 1.85 ms 8%, 2.3 ms slower.
		const readEvery = (gapMs: number) =>
			serverDecodeStandsIn({
				stampedPer: 'read',
				arrivalsMs: spread(64, gapMs),
				outputTokens: 64,
				serverTimings: server(500)
			});
		expect(readEvery(1.8)).toBe(true);
		expect(readEvery(1.85)).toBe(false);
		expect(readEvery(2.3)).toBe(false);
		expect(readEvery(0)).toBe(true);
		expect(serverDecodeStandsIn({ stampedPer: 'read', arrivalsMs: spread(64, 0), outputTokens: 64 })).toBe(false);
		expect(
			serverDecodeStandsIn({ stampedPer: 'read', arrivalsMs: spread(64, 0), outputTokens: 64, serverTimings: {} })
		).toBe(false);
		expect(
			serverDecodeStandsIn({ stampedPer: 'read', arrivalsMs: [5], outputTokens: 1, serverTimings: server(500) })
		).toBe(false);
		// An on-device engine stamps each token as it is made: its own timings never replace them.
		expect(serverDecodeStandsIn({ arrivalsMs: spread(64, 0), outputTokens: 64, serverTimings: server(500) })).toBe(
			false
		);
	});
});
