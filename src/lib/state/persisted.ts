// localStorage read/write for small settings, tolerant of private mode, quota errors and old values.
// Keys are namespaced `edgewise:<name>`; values are JSON. Never store secrets through here.

export const STORAGE_PREFIX = 'edgewise:';

function storage(): Storage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		// Some browsers throw on access when storage is disabled.
		return null;
	}
}

/** The stored value when it passes `isValid`, else the fallback. */
export function readPersisted<T>(name: string, fallback: T, isValid: (value: unknown) => value is T): T {
	const raw = storage()?.getItem(STORAGE_PREFIX + name);
	if (raw == null) return fallback;
	try {
		const value: unknown = JSON.parse(raw);
		return isValid(value) ? value : fallback;
	} catch {
		return fallback;
	}
}

export function writePersisted(name: string, value: unknown): void {
	try {
		storage()?.setItem(STORAGE_PREFIX + name, JSON.stringify(value));
	} catch {
		// Full or disabled storage: the setting lasts for this visit only, which is the best we can do.
	}
}
