import { describe, expect, it } from 'vitest';
import { bunchedArrivalsNotice } from './bunched-arrivals';

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

	it('flags arrivals spread over less than half of the server decode time', () => {
		const notice = bunchedArrivalsNotice({
			arrivalsMs: spread(64, 0.02),
			outputTokens: 64,
			contentReads: 1,
			serverTimings: { decodeTokensPerS: 500 }
		});
		expect(notice).toMatch(/^The 64 tokens reached this client within 1\.3 ms, but the server took 126 ms/);
		expect(
			bunchedArrivalsNotice({
				arrivalsMs: spread(64, 1.2),
				outputTokens: 64,
				contentReads: 30,
				serverTimings: { decodeTokensPerS: 500 }
			})
		).toBeNull();
	});

	it('says why there is no decode figure when every token arrived at the same moment', () => {
		const notice = bunchedArrivalsNotice({
			arrivalsMs: spread(3, 0),
			outputTokens: 3,
			contentReads: 1,
			serverTimings: { decodeTokensPerS: 1000 }
		});
		expect(notice).toMatch(/^All 3 tokens reached this client at the same moment/);
		expect(bunchedArrivalsNotice({ arrivalsMs: spread(20, 0), outputTokens: 20, contentReads: 2 })).toMatch(
			/^All 20 tokens reached/
		);
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
