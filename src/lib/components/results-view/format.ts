// Number formatting for result tables: units always shown, nothing pretends to more precision than a
// noisy machine gives.
import type { Summary } from '$lib/bench/stats';

export function fmt(value: number | null | undefined, unit: string, digits = 1): string {
	return value === null || value === undefined ? '–' : `${value.toFixed(digits)} ${unit}`;
}

export function fmtCv(s: Summary | null | undefined): string {
	return s?.cv === null || s?.cv === undefined ? '–' : `${(s.cv * 100).toFixed(1)}%`;
}

export function fmtDate(iso: string): string {
	const d = new Date(iso);
	return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}
