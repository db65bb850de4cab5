import { describe, expect, it } from 'vitest';
import { halfWidth, wilson } from './wilson';

describe('wilson', () => {
	it('gives the textbook interval for 5 of 10 (0.2366, 0.7634)', () => {
		const [lo, hi] = wilson(5, 10)!;
		expect(lo).toBeCloseTo(0.2366, 4);
		expect(hi).toBeCloseTo(0.7634, 4);
	});
	it('does not collapse at 0 or n successes, and stays inside [0, 1]', () => {
		const none = wilson(0, 10)!;
		expect(none[0]).toBe(0);
		expect(none[1]).toBeCloseTo(0.2775, 4);
		const all = wilson(10, 10)!;
		expect(all[0]).toBeCloseTo(0.7225, 4);
		expect(all[1]).toBe(1);
	});
	it('matches a published value off the centre: 81 of 263 is (0.2553, 0.3662)', () => {
		// Newcombe (1998), Statistics in Medicine 17:857, example (c) method 3.
		const [lo, hi] = wilson(81, 263)!;
		expect(lo).toBeCloseTo(0.2553, 3);
		expect(hi).toBeCloseTo(0.3662, 3);
	});
	it('narrows as n grows at the same proportion', () => {
		expect(halfWidth(wilson(50, 100))!).toBeLessThan(halfWidth(wilson(5, 10))!);
	});
	it('says nothing for n = 0 and refuses impossible counts', () => {
		expect(wilson(0, 0)).toBeNull();
		expect(halfWidth(null)).toBeNull();
		expect(() => wilson(3, 2)).toThrow(RangeError);
		expect(() => wilson(-1, 2)).toThrow(RangeError);
		expect(() => wilson(1.5, 2)).toThrow(RangeError);
	});
});
