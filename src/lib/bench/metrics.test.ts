import { describe, expect, it } from 'vitest';
import type { GenerationResult } from '../engine/types';
import { computeRunMetrics, decodeTokensPerSOf } from './metrics';

function result(
	arrivalsMs: number[],
	outputTokens = arrivalsMs.length,
	inputTokens: number | null = 10
): GenerationResult {
	return {
		text: '',
		requestMs: 1000,
		arrivalsMs,
		inputTokens,
		outputTokens,
		tokensSource: 'tokenizer',
		finishReason: 'length'
	};
}

describe('computeRunMetrics', () => {
	it('follows the DESIGN.md definitions on hand-computed timings', () => {
		// request at 1000; tokens at 1100, 1120, 1140, 1160, 1180
		const m = computeRunMetrics(result([1100, 1120, 1140, 1160, 1180]));
		expect(m.ttftMs).toBe(100);
		expect(m.e2eMs).toBe(180);
		expect(m.decodeTokensPerS).toBe(50); // 4 tokens over 80 ms
		expect(m.tpotMs).toBe(20);
		expect(m.prefillTokensPerS).toBe(100); // 10 tokens in 100 ms
		expect(m.itlMs).toEqual([20, 20, 20, 20]);
	});

	it('counts tokens from usage when chunks carry several tokens', () => {
		// 3 chunks, 9 tokens reported by the server: 8 decode tokens over 40 ms
		const m = computeRunMetrics({ ...result([1050, 1070, 1090], 9), tokensSource: 'usage' });
		expect(m.decodeTokensPerS).toBe(200);
		expect(m.tpotMs).toBe(5);
		expect(m.tokensSource).toBe('usage');
	});

	it('has no decode speed for one token or a zero decode span', () => {
		expect(computeRunMetrics(result([1100])).decodeTokensPerS).toBeNull();
		expect(computeRunMetrics(result([1100, 1100], 2)).decodeTokensPerS).toBeNull();
		expect(computeRunMetrics(result([1100])).ttftMs).toBe(100);
	});

	it("uses the server's decode figure, labelled, where the stream reached the client in a burst", () => {
		// 64 tokens in one read at 1100; the server says 630 tok/s (63 tokens over 100 ms).
		const burst: GenerationResult = {
			...result(
				Array.from({ length: 64 }, () => 1100),
				64
			),
			tokensSource: 'usage',
			stampedPer: 'read',
			serverTimings: { source: 'edgewise', decodeTokensPerS: 630 }
		};
		const m = computeRunMetrics(burst);
		expect(m.decodeSource).toBe('server');
		expect(m.decodeTokensPerS).toBe(630);
		expect(m.tpotMs).toBeCloseTo(1000 / 630, 9);
		expect(m.clientDecodeTokensPerS).toBeNull();
		expect(m.clientTpotMs).toBeNull();
		expect(m.ttftMs).toBe(100); // the client's, always
		expect(m.e2eMs).toBe(100);
		// A burst with a span: 63 tokens over 10 ms here is 6300 tok/s, ten times the server's.
		const spanned = computeRunMetrics({
			...burst,
			arrivalsMs: Array.from({ length: 64 }, (_, i) => 1100 + (i < 32 ? 0 : 10))
		});
		expect(spanned.decodeSource).toBe('server');
		expect(spanned.decodeTokensPerS).toBe(630);
		expect(spanned.clientDecodeTokensPerS).toBe(6300);
		expect(spanned.decodeAgreement).toBe(10);
	});

	it("keeps the client's figure where it agrees with the server's or arrived more slowly, and without server timings", () => {
		const even = Array.from({ length: 64 }, (_, i) => 1100 + i * 2); // 500 tok/s here
		const agree = computeRunMetrics({ ...result(even), stampedPer: 'read', serverTimings: { decodeTokensPerS: 520 } });
		expect(agree.decodeSource).toBe('client');
		expect(agree.decodeTokensPerS).toBe(500);
		expect(agree.clientDecodeTokensPerS).toBe(500);
		const slower = computeRunMetrics({
			...result(even),
			stampedPer: 'read',
			serverTimings: { decodeTokensPerS: 1000 }
		});
		expect(slower.decodeSource).toBe('client');
		expect(slower.decodeTokensPerS).toBe(500);
		const none = computeRunMetrics(result(Array.from({ length: 8 }, () => 1100)));
		expect(none.decodeSource).toBe('client');
		expect(none.decodeTokensPerS).toBeNull();
		// A failed run has no decode figure, whoever could time it.
		const failed = computeRunMetrics({
			...result(Array.from({ length: 8 }, () => 1100)),
			finishReason: 'error',
			stampedPer: 'read',
			serverTimings: { decodeTokensPerS: 500 }
		});
		expect(failed.decodeTokensPerS).toBeNull();
		expect(failed.decodeSource).toBe('client');
		// An on-device runtime's own timings (llama.cpp's count another span) never replace its per-token stamps.
		const onDevice = computeRunMetrics({
			...result(Array.from({ length: 8 }, (_, i) => 1100 + i * 5)),
			serverTimings: { source: 'llama.cpp', decodeTokensPerS: 127 }
		});
		expect(onDevice.decodeSource).toBe('client');
		expect(onDevice.decodeTokensPerS).toBe(200);
	});

	it('has no latency at all when nothing arrived', () => {
		const m = computeRunMetrics(result([], 0, null));
		expect(m.ttftMs).toBeNull();
		expect(m.e2eMs).toBeNull();
		expect(m.prefillTokensPerS).toBeNull();
	});
});

describe('decodeTokensPerSOf', () => {
	it('counts the tokens after the first over the span from first to last stamp', () => {
		// 4 tokens, 3 intervals over 300 ms: 10 tok/s.
		expect(decodeTokensPerSOf([100, 200, 300, 400])).toBe(10);
		// A stream told 7 tokens in 4 chunks: 6 tokens over the same 300 ms.
		expect(decodeTokensPerSOf([100, 200, 300, 400], 7)).toBe(20);
	});

	it('has no figure below two tokens or with no span', () => {
		expect(decodeTokensPerSOf([])).toBeNull();
		expect(decodeTokensPerSOf([100])).toBeNull();
		expect(decodeTokensPerSOf([100, 100])).toBeNull();
	});
});
