// Summary statistics over repeated runs. Every benchmark figure in the UI, the export and the CLI table
// comes from `summarize`, so the definitions live in one place:
// - Percentiles use linear interpolation between closest ranks (Hyndman & Fan type 7, the default of
//   R's quantile(), numpy.percentile and Excel's PERCENTILE.INC): for sorted x[0..n-1] and q in [0, 1],
//   h = (n - 1) q, p = x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).
// - The coefficient of variation is the sample standard deviation (n - 1 in the denominator) over the
//   mean; a single value has CV 0, and a zero mean has no CV.
// - A result is noisy when its CV is above 10% (NOISY_CV).
// - A tail percentile is shown only from PERCENTILE_MIN_RUNS values on: the q-quantile needs at least
//   1 / (1 - q) values (10 for p90, 100 for p99) for one value to be expected above it. With fewer, type 7
//   interpolates between the two largest values: it is the maximum under another name. Summaries still
//   carry p90 and p99 (the export format keeps them); displays ask `shownPercentile`.

/** A result whose coefficient of variation passes this is flagged as noisy. */
export const NOISY_CV = 0.1;

/** Fewest values for which each tail percentile is shown (see the header comment). */
export const PERCENTILE_MIN_RUNS = { p90: 10, p99: 100 } as const;
export type TailPercentile = keyof typeof PERCENTILE_MIN_RUNS;

/** The percentile when the summary has enough values to support it, else null. */
export function shownPercentile(
	summary: Pick<Summary, 'n' | TailPercentile> | null | undefined,
	which: TailPercentile
): number | null {
	return summary && summary.n >= PERCENTILE_MIN_RUNS[which] ? summary[which] : null;
}

export interface Summary {
	/** Values that went into the summary (nulls from failed or too-short runs are left out). */
	n: number;
	median: number;
	p90: number;
	p99: number;
	min: number;
	max: number;
	mean: number;
	/** Sample standard deviation. */
	stdev: number;
	/** stdev / mean; null when the mean is 0. */
	cv: number | null;
	noisy: boolean;
}

/** Type-7 quantile of an ascending array; q in [0, 1]. */
export function quantileSorted(sorted: readonly number[], q: number): number {
	if (sorted.length === 0) throw new RangeError('quantileSorted needs at least one value');
	if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be within [0, 1], got ${q}`);
	const h = (sorted.length - 1) * q;
	const lo = Math.floor(h);
	const hi = Math.min(lo + 1, sorted.length - 1);
	// 0 <= lo <= hi <= length - 1, and the array is not empty (checked above).
	return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Summarises the finite values; null when there are none. */
export function summarize(values: readonly (number | null | undefined)[]): Summary | null {
	const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
	if (xs.length === 0) return null;
	const sorted = [...xs].sort((a, b) => a - b);
	const n = sorted.length;
	const mean = sorted.reduce((s, v) => s + v, 0) / n;
	const variance = n > 1 ? sorted.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) : 0;
	const stdev = Math.sqrt(variance);
	const cv = mean === 0 ? null : stdev / Math.abs(mean);
	return {
		n,
		median: quantileSorted(sorted, 0.5),
		p90: quantileSorted(sorted, 0.9),
		p99: quantileSorted(sorted, 0.99),
		// n >= 1 (returned above when empty).
		min: sorted[0]!,
		max: sorted[n - 1]!,
		mean,
		stdev,
		cv,
		noisy: cv !== null && cv > NOISY_CV
	};
}
