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
