import { describe, expect, it } from 'vitest';
import { breakEven, describeBreakEven, e2eAt } from './break-even';

describe('e2eAt', () => {
	it('is ttft for one token and adds tpot per further token', () => {
		expect(e2eAt({ ttftMs: 100, tpotMs: 20 }, 1)).toBe(100);
		expect(e2eAt({ ttftMs: 100, tpotMs: 20 }, 11)).toBe(300);
		expect(e2eAt({ ttftMs: 100, tpotMs: 20 }, 0)).toBe(100);
	});
});

describe('breakEven', () => {
	it('local first on short outputs: fast first token, slow decode', () => {
		// local 50 + 20(n-1), cloud 300 + 10(n-1): equal at n - 1 = 25 -> n* = 26
		const v = breakEven({ ttftMs: 50, tpotMs: 20 }, { ttftMs: 300, tpotMs: 10 });
		expect(v).toEqual({ kind: 'below', belowTokens: 26, crossingTokens: 26 });
		expect(e2eAt({ ttftMs: 50, tpotMs: 20 }, 25)).toBeLessThan(e2eAt({ ttftMs: 300, tpotMs: 10 }, 25));
		expect(e2eAt({ ttftMs: 50, tpotMs: 20 }, 26)).toBe(e2eAt({ ttftMs: 300, tpotMs: 10 }, 26));
		expect(describeBreakEven(v, 'local', 'cloud')).toBe('local finishes first below 26 tokens');
	});

	it('rounds a fractional crossing up to the first length where local is no longer ahead', () => {
		// local 0 + 3(n-1), cloud 10 + 0: equal at n - 1 = 10/3 -> n* = 4.333; n = 4: 9 < 10, n = 5: 12 > 10
		const v = breakEven({ ttftMs: 0, tpotMs: 3 }, { ttftMs: 10, tpotMs: 0 });
		expect(v.kind).toBe('below');
		if (v.kind !== 'below') return;
		expect(v.crossingTokens).toBeCloseTo(13 / 3, 12);
		expect(v.belowTokens).toBe(5);
	});

	it('local first at every length when it is faster on both counts', () => {
		expect(breakEven({ ttftMs: 40, tpotMs: 5 }, { ttftMs: 200, tpotMs: 8 })).toEqual({ kind: 'always' });
	});

	it('lines that never cross: parallel, local behind', () => {
		// same decode speed, local first token later: never ahead
		const v = breakEven({ ttftMs: 120, tpotMs: 10 }, { ttftMs: 100, tpotMs: 10 });
		expect(v).toEqual({ kind: 'never' });
		expect(describeBreakEven(v, 'local', 'cloud')).toMatch(/never finishes first/);
	});

	it('lines that never cross: parallel, local ahead', () => {
		expect(breakEven({ ttftMs: 80, tpotMs: 10 }, { ttftMs: 100, tpotMs: 10 })).toEqual({ kind: 'always' });
	});

	it('local slower on both counts never finishes first', () => {
		expect(breakEven({ ttftMs: 300, tpotMs: 30 }, { ttftMs: 100, tpotMs: 10 })).toEqual({ kind: 'never' });
	});

	it('local first from a length on: slow first token, fast decode', () => {
		// local 400 + 5(n-1), cloud 100 + 15(n-1): equal at n - 1 = 30 -> n* = 31 (a tie), ahead from 32
		const v = breakEven({ ttftMs: 400, tpotMs: 5 }, { ttftMs: 100, tpotMs: 15 });
		expect(v).toEqual({ kind: 'from', fromTokens: 32, crossingTokens: 31 });
		expect(describeBreakEven(v, 'local', 'cloud')).toBe('local finishes first from 32 tokens on');
	});

	it('identical engines tie at every length', () => {
		const v = breakEven({ ttftMs: 100, tpotMs: 10 }, { ttftMs: 100, tpotMs: 10 });
		expect(v).toEqual({ kind: 'tie' });
		expect(describeBreakEven(v, 'local', 'cloud')).toBe('local and cloud finish together at every length');
	});

	it('zero decode time on both sides: only the first token decides', () => {
		expect(breakEven({ ttftMs: 10, tpotMs: 0 }, { ttftMs: 20, tpotMs: 0 })).toEqual({ kind: 'always' });
		expect(breakEven({ ttftMs: 30, tpotMs: 0 }, { ttftMs: 20, tpotMs: 0 })).toEqual({ kind: 'never' });
	});

	it('same first token, faster decode: a tie at one token, ahead from two', () => {
		expect(breakEven({ ttftMs: 100, tpotMs: 5 }, { ttftMs: 100, tpotMs: 10 })).toEqual({
			kind: 'from',
			fromTokens: 2,
			crossingTokens: 1
		});
	});

	it('same first token, slower decode: never ahead', () => {
		expect(breakEven({ ttftMs: 100, tpotMs: 10 }, { ttftMs: 100, tpotMs: 5 })).toEqual({ kind: 'never' });
	});

	it('a crossing just past one token still leaves local ahead on a single token', () => {
		// local 99 + 10(n-1), cloud 100 + 5(n-1): n* = 1.2 -> local ahead only at n = 1
		const v = breakEven({ ttftMs: 99, tpotMs: 10 }, { ttftMs: 100, tpotMs: 5 });
		expect(v.kind === 'below' && v.belowTokens).toBe(2);
	});
});
