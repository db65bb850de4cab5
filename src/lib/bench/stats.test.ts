import { describe, expect, it } from 'vitest';
import { NOISY_CV, quantileSorted, summarize } from './stats';

describe('quantileSorted (type 7, linear between closest ranks)', () => {
	it('matches hand-computed percentiles', () => {
		const xs = [10, 20, 30, 40, 50];
		expect(quantileSorted(xs, 0.5)).toBe(30);
		// h = 4 * 0.9 = 3.6 -> 40 + 0.6 * 10
		expect(quantileSorted(xs, 0.9)).toBeCloseTo(46, 12);
		// h = 4 * 0.99 = 3.96 -> 40 + 0.96 * 10
		expect(quantileSorted(xs, 0.99)).toBeCloseTo(49.6, 12);
		expect(quantileSorted(xs, 0)).toBe(10);
		expect(quantileSorted(xs, 1)).toBe(50);
	});

	it('interpolates the median of an even count', () => {
		expect(quantileSorted([1, 2, 3, 10], 0.5)).toBe(2.5);
	});

	it('rejects empty input and out-of-range quantiles', () => {
		expect(() => quantileSorted([], 0.5)).toThrow(RangeError);
		expect(() => quantileSorted([1], 1.5)).toThrow(RangeError);
		expect(() => quantileSorted([1], Number.NaN)).toThrow(RangeError);
	});
});

describe('summarize', () => {
	it('gives every statistic on a hand-computed fixture', () => {
		// unsorted on purpose; mean 30, sample variance (400+100+0+100+400)/4 = 250
		const s = summarize([50, 10, 30, 20, 40])!;
		expect(s.n).toBe(5);
		expect(s.median).toBe(30);
		expect(s.p90).toBeCloseTo(46, 12);
		expect(s.p99).toBeCloseTo(49.6, 12);
		expect(s.min).toBe(10);
		expect(s.max).toBe(50);
		expect(s.mean).toBe(30);
		expect(s.stdev).toBeCloseTo(Math.sqrt(250), 12);
		expect(s.cv).toBeCloseTo(Math.sqrt(250) / 30, 12);
		expect(s.noisy).toBe(true);
	});

	it('a single value has every percentile equal to it and CV 0', () => {
		expect(summarize([7])).toEqual({
			n: 1,
			median: 7,
			p90: 7,
			p99: 7,
			min: 7,
			max: 7,
			mean: 7,
			stdev: 0,
			cv: 0,
			noisy: false
		});
	});

	it('identical values are not noisy', () => {
		const s = summarize([12.5, 12.5, 12.5])!;
		expect(s.stdev).toBe(0);
		expect(s.cv).toBe(0);
		expect(s.noisy).toBe(false);
	});

	it('flags noise strictly above 10% CV', () => {
		// mean 100, sample stdev exactly 10 -> CV 0.1: not noisy; a little more -> noisy
		expect(summarize([90, 110])!.cv).toBeCloseTo((Math.SQRT2 * 10) / 100, 12);
		const atLimit = summarize([100 - 10 / Math.SQRT2, 100 + 10 / Math.SQRT2])!;
		expect(atLimit.cv).toBeCloseTo(NOISY_CV, 12);
		expect(summarize([95, 105])!.noisy).toBe(false); // CV 0.0707
		expect(summarize([90, 110])!.noisy).toBe(true); // CV 0.1414
	});

	it('leaves out nulls and non-finite values, and returns null when nothing is left', () => {
		expect(summarize([null, 4, undefined, Number.NaN, 6])!.median).toBe(5);
		expect(summarize([null, null])).toBeNull();
		expect(summarize([])).toBeNull();
	});

	it('has no CV for a zero mean (zero decode time)', () => {
		const s = summarize([0, 0, 0])!;
		expect(s.cv).toBeNull();
		expect(s.noisy).toBe(false);
	});
});
