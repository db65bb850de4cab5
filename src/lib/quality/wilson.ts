// The Wilson score interval for a proportion (Wilson 1927; Agresti & Coull 1998): unlike p ± z·sqrt(p(1-p)/n)
// it stays inside [0, 1] and does not collapse to a point at 0 or n successes, which small suites hit often.
/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/** [lo, hi] for `successes` out of `n`; null when n is 0 (nothing to say). */
export function wilson(successes: number, n: number, z = Z95): [number, number] | null {
	if (!(Number.isInteger(n) && n >= 0 && Number.isInteger(successes) && successes >= 0 && successes <= n))
		throw new RangeError(`Wilson interval needs whole numbers 0 <= successes <= n, got ${successes} of ${n}.`);
	if (n === 0) return null;
	const p = successes / n;
	const z2 = z * z;
	const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
	const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
	// Exactly 0 or n successes: the bound on that side is exactly 0 or 1 (no rounding past it).
	return [successes === 0 ? 0 : Math.max(0, centre - half), successes === n ? 1 : Math.min(1, centre + half)];
}

/** Half the interval's width, the "±" a sentence shows; null when there is no interval. */
export function halfWidth(ci: readonly [number, number] | null): number | null {
	return ci ? (ci[1] - ci[0]) / 2 : null;
}
