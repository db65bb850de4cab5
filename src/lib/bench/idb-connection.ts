// One IndexedDB database as the app's stores hold it (results, imported quality sets): opened on first use,
// the open memoised, and dropped when it fails so the next call tries again. A browser without IndexedDB
// (private mode in some) gets an error saying what that costs the person and what they can do instead.
import { openDB, type DBSchema, type IDBPDatabase, type OpenDBCallbacks } from 'idb';

export class IndexedDbUnavailableError extends Error {
	override name = 'IndexedDbUnavailableError';
	/** `consequence`: what cannot be kept, and what to do instead ("results cannot be kept. Export …"). */
	constructor(consequence: string) {
		super(`This browser has no IndexedDB (private mode?); ${consequence}`);
	}
}

export class IdbConnection<Schema extends DBSchema> {
	#db: Promise<IDBPDatabase<Schema>> | null = null;

	constructor(
		private readonly name: string,
		private readonly version: number,
		private readonly upgrade: NonNullable<OpenDBCallbacks<Schema>['upgrade']>,
		/** Said when this browser has no IndexedDB: see IndexedDbUnavailableError. */
		private readonly unavailable: string
	) {}

	open(): Promise<IDBPDatabase<Schema>> {
		if (typeof indexedDB === 'undefined') return Promise.reject(new IndexedDbUnavailableError(this.unavailable));
		this.#db ??= openDB<Schema>(this.name, this.version, { upgrade: this.upgrade }).catch((err) => {
			this.#db = null;
			throw err;
		});
		return this.#db;
	}

	close(): void {
		void this.#db?.then((db) => db.close());
		this.#db = null;
	}
}
