import { describe, expect, it } from 'vitest';
import { formatCount, formatMs, formatRate, MISSING } from './format';

describe('metric formatting', () => {
	it('never shows NaN or Infinity', () => {
		for (const bad of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) {
			expect(formatMs(bad)).toBe(MISSING);
			expect(formatRate(bad)).toBe(MISSING);
			expect(formatCount(bad)).toBe(MISSING);
		}
	});

	it('picks precision by size', () => {
		expect(formatMs(12.345)).toBe('12.3 ms');
		expect(formatMs(412.6)).toBe('413 ms');
		expect(formatMs(12_340)).toBe('12.3 s');
		expect(formatRate(24.66)).toBe('24.7 tok/s');
		expect(formatRate(1234.4)).toBe('1234 tok/s');
		expect(formatCount(0)).toBe('0');
	});
});
