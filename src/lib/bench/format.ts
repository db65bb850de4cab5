// How metric values read on screen: fixed precision per unit, "—" for a value that does not exist yet
// (for example decode speed after a single token), never "NaN" or "Infinity".
export const MISSING = '—';

export function formatMs(ms: number | null | undefined): string {
	if (ms == null || !Number.isFinite(ms)) return MISSING;
	if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
	return ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

export function formatRate(perS: number | null | undefined, unit = 'tok/s'): string {
	if (perS == null || !Number.isFinite(perS)) return MISSING;
	return `${perS >= 100 ? Math.round(perS) : perS.toFixed(1)} ${unit}`;
}

export function formatCount(count: number | null | undefined): string {
	return count == null || !Number.isFinite(count) ? MISSING : String(count);
}
