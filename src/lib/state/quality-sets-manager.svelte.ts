// The person's own quality sets on this device: read once from IndexedDB, imported from JSONL (every bad
// line named), removed. The benchmark panel lists them beside the built-in suites.
import { customSetsStore } from '../quality/custom-sets-store';
import { parseJsonl, type CustomSet } from '../quality/jsonl';

export class QualitySetsManager {
	#sets = $state.raw<CustomSet[]>([]);
	#error = $state.raw<string | null>(null);
	#loading: Promise<void> | null = null;

	get sets(): CustomSet[] {
		return this.#sets;
	}
	/** Why the last import or read failed, for the panel to show. */
	get error(): string | null {
		return this.#error;
	}

	/** The sets kept on this device, imports since included (read once; an unreadable store gives none and says why). */
	async ready(): Promise<CustomSet[]> {
		this.#loading ??= customSetsStore.all().then(
			(sets) => {
				this.#sets = sets;
			},
			(err) => {
				this.#error = err instanceof Error ? err.message : String(err);
			}
		);
		await this.#loading;
		return this.#sets;
	}

	/** Reads, checks and keeps a JSONL set; null (with `error` set) when the file is not one. */
	async importText(text: string, fileName: string): Promise<CustomSet | null> {
		this.#error = null;
		try {
			const saved = await customSetsStore.save(parseJsonl(text, fileName));
			await this.ready();
			this.#sets = [...this.#sets.filter((s) => s.id !== saved.id), saved].sort((a, b) => a.name.localeCompare(b.name));
			return saved;
		} catch (err) {
			this.#error = err instanceof Error ? err.message : String(err);
			return null;
		}
	}

	async remove(id: string): Promise<void> {
		await customSetsStore.remove(id);
		this.#sets = this.#sets.filter((s) => s.id !== id);
	}
}

export const qualitySets = new QualitySetsManager();
