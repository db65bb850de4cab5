// How numbers read, everywhere a person sees one: every page, the verdict, the CLI table and the HTML report.
// One rule per kind of figure, so a number reads the same wherever it appears:
// - Missing: "—" (an em dash, `MISSING`) for a value that does not exist (decode speed after a single token, a
//   figure not recorded); never "NaN", "Infinity", "–" or "-".
// - Durations: `formatMs` ("12.3 ms" below 100 ms, "413 ms" below 10 s, "12.3 s" from 10 s);
//   `formatSeconds` for a wall time a person reads in seconds ("4.2 s").
// - Rates (tok/s, and any other per-second figure): one decimal below 100, whole numbers from 100 ("24.7 tok/s",
//   "1234 tok/s").
// - Bytes: SI decimal units, "B", "kB", "MB", "GB", "TB" (what browsers' storage estimates, download sizes and model
//   hubs show): whole kB, one decimal below 100 MB, whole MB below 1 GB, two decimals in GB and TB.
//   Memory figures (WebAssembly heap, page total, GPU buffers) are the exception: they read in binary
//   units, "MiB" and "GiB", as browsers' and operating systems' memory tools show them (`formatMiB`).
// - Ratios: "1.4x" below 10, "12x" from 10.
// - Percentages of a fraction: one decimal by default ("4.2%").
// - Money: "$0", cents to two decimals from $0.01, three significant digits below ("$0.000123").
// - Table cells: a median to a fixed number of decimals, with its unit where the column does not name it.

export const MISSING = '—';

const missing = (value: number | null | undefined): value is null | undefined =>
	value == null || !Number.isFinite(value);

export function formatMs(ms: number | null | undefined): string {
	if (missing(ms)) return MISSING;
	if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
	return ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

/** A wall time in seconds, one decimal ("4.2 s"): a probe, a quality run, a benchmark's elapsed time. */
export function formatSeconds(ms: number | null | undefined): string {
	return missing(ms) ? MISSING : `${(ms / 1000).toFixed(1)} s`;
}

export function formatRate(perS: number | null | undefined, unit = 'tok/s'): string {
	if (missing(perS)) return MISSING;
	return `${perS >= 100 ? Math.round(perS) : perS.toFixed(1)} ${unit}`;
}

export function formatCount(count: number | null | undefined): string {
	return missing(count) ? MISSING : String(count);
}

export function formatBytes(bytes: number | null | undefined): string {
	if (missing(bytes)) return MISSING;
	if (bytes >= 1e12) return `${(bytes / 1e12).toFixed(2)} TB`;
	if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
	if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(bytes >= 100e6 ? 0 : 1)} MB`;
	if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(0)} kB`;
	return `${Math.round(bytes)} B`;
}

/** A memory figure in binary units ("48.0 MiB", "1.50 GiB"), as memory tools show them. */
export function formatMiB(bytes: number | null | undefined): string {
	if (missing(bytes)) return MISSING;
	const mib = bytes / 1024 ** 2;
	return mib >= 1024 ? `${(mib / 1024).toFixed(2)} GiB` : `${mib >= 100 ? mib.toFixed(0) : mib.toFixed(1)} MiB`;
}

export function formatRatio(ratio: number | null | undefined): string {
	if (missing(ratio)) return MISSING;
	return `${ratio < 10 ? ratio.toFixed(1) : Math.round(ratio)}x`;
}

/** A fraction as a percentage (0.042 -> "4.2%"). */
export function formatPercent(fraction: number | null | undefined, digits = 1): string {
	return missing(fraction) ? MISSING : `${(fraction * 100).toFixed(digits)}%`;
}

export function formatUsd(usd: number | null | undefined): string {
	if (missing(usd)) return MISSING;
	if (usd === 0) return '$0';
	// Per-run costs are often fractions of a cent: keep three significant digits.
	return usd >= 0.01 ? `$${usd.toFixed(2)}` : `$${usd.toPrecision(3)}`;
}

/** A table cell: a value to fixed decimals, with its unit when given ("765.9 ms", "765.9"). */
export function formatFixed(value: number | null | undefined, unit = '', digits = 1): string {
	if (missing(value)) return MISSING;
	return unit ? `${value.toFixed(digits)} ${unit}` : value.toFixed(digits);
}
