// A person's own quality sets (imported JSONL), kept on the device in IndexedDB like results, so a set
// imported once is there for every later run, offline too. Every set is checked again on the way out.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { z } from 'zod';
import type { CustomSet } from './jsonl';
import { QualityItemSchema } from './schema';

export const QUALITY_DB_NAME = 'edgewise-quality';
const STORE = 'sets';

const CustomSetSchema = z.object({
	id: z.string().startsWith('custom:'),
	name: z.string(),
	importedAt: z.string(),
	items: z.array(QualityItemSchema).min(1)
});

interface QualityDb extends DBSchema {
	sets: { key: string; value: CustomSet };
}

export class CustomSetsStoreError extends Error {
	override name = 'CustomSetsStoreError';
}

export class CustomSetsStore {
	private db: Promise<IDBPDatabase<QualityDb>> | null = null;

	constructor(private readonly dbName = QUALITY_DB_NAME) {}

	private open(): Promise<IDBPDatabase<QualityDb>> {
		if (typeof indexedDB === 'undefined')
			return Promise.reject(
				new CustomSetsStoreError('This browser has no IndexedDB (private mode?); an imported set cannot be kept.')
			);
		this.db ??= openDB<QualityDb>(this.dbName, 1, {
			upgrade(db) {
				db.createObjectStore(STORE, { keyPath: 'id' });
			}
		}).catch((err) => {
			this.db = null;
			throw err;
		});
		return this.db;
	}

	/** Saves a set (replacing one of the same id) and returns what was kept. */
	async save(set: CustomSet): Promise<CustomSet> {
		const clean = CustomSetSchema.parse(JSON.parse(JSON.stringify(set)));
		await (await this.open()).put(STORE, clean);
		return clean;
	}

	/** Every readable set, by name; one that no longer parses is left out rather than breaking the list. */
	async all(): Promise<CustomSet[]> {
		const raw = await (await this.open()).getAll(STORE);
		return raw
			.flatMap((s) => {
				const parsed = CustomSetSchema.safeParse(s);
				return parsed.success ? [parsed.data] : [];
			})
			.sort((a, b) => a.name.localeCompare(b.name));
	}

	async remove(id: string): Promise<void> {
		await (await this.open()).delete(STORE, id);
	}

	close(): void {
		void this.db?.then((db) => db.close());
		this.db = null;
	}
}

export const customSetsStore = new CustomSetsStore();
