// How a result's date reads in the results tables; numbers read through $lib/bench/format.

export function fmtDate(iso: string): string {
	const d = new Date(iso);
	return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}
