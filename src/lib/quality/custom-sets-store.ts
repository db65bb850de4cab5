// A person's own quality sets (imported JSONL), kept on the device in IndexedDB like results, so a set
// imported once is there for every later run, offline too. Every set is checked again on the way out.
import type { DBSchema } from 'idb';
import { IdbConnection } from '../bench/idb-connection';
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

export class CustomSetsStore {
	readonly #db: IdbConnection<QualityDb>;

	constructor(dbName = QUALITY_DB_NAME) {
		this.#db = new IdbConnection<QualityDb>(
			dbName,
			1,
			(db) => void db.createObjectStore(STORE, { keyPath: 'id' }),
			'an imported set cannot be kept.'
		);
	}

	/** Saves a set (replacing one of the same id) and returns what was kept. */
	async save(set: CustomSet): Promise<CustomSet> {
		const clean = CustomSetSchema.parse(JSON.parse(JSON.stringify(set)));
		await (await this.#db.open()).put(STORE, clean);
		return clean;
	}

	/** Every readable set, by name; one that no longer parses is left out rather than breaking the list. */
	async all(): Promise<CustomSet[]> {
		const raw = await (await this.#db.open()).getAll(STORE);
		return raw
			.flatMap((s) => {
				const parsed = CustomSetSchema.safeParse(s);
				return parsed.success ? [parsed.data] : [];
			})
			.sort((a, b) => a.name.localeCompare(b.name));
	}

	async remove(id: string): Promise<void> {
		await (await this.#db.open()).delete(STORE, id);
	}

	close(): void {
		this.#db.close();
	}
}

export const customSetsStore = new CustomSetsStore();
