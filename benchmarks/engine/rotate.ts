// The order configurations run in, repetition by repetition: each repetition starts one later, so no
// configuration always runs first (on a warmer or quieter machine) and drift spreads evenly over all.

/** `xs` rotated left by `by`: rotated([a, b, c], 1) is [b, c, a]. */
export function rotated<T>(xs: readonly T[], by: number): T[] {
	const n = xs.length;
	if (n === 0) return [];
	const k = ((by % n) + n) % n;
	return [...xs.slice(k), ...xs.slice(0, k)];
}
