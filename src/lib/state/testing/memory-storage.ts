// For tests of managers that keep settings in localStorage: a fresh in-memory localStorage before each test,
// so one test's saved slots or forms never leak into the next.
import { beforeEach } from 'vitest';

export class MemoryStorage {
	items = new Map<string, string>();
	getItem = (k: string) => this.items.get(k) ?? null;
	setItem = (k: string, v: string) => void this.items.set(k, v);
	removeItem = (k: string) => void this.items.delete(k);
}

export function freshLocalStorageEachTest(): void {
	beforeEach(() => {
		(globalThis as { localStorage?: unknown }).localStorage = new MemoryStorage();
	});
}
