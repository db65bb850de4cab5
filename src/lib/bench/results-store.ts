// Results history in IndexedDB (through idb). Every Compare-page run and every benchmark is saved here,
// so history survives reload and works offline.
//
// For the Compare page, after both engines finished (or one failed):
//   import { saveRun } from '$lib/bench/results-store';
//   await saveRun({ request, sides: [{ id: 'local', info: local.describe(), result: localResult },
//                                    { id: 'cloud', info: cloud.describe(), result: cloudResult }] });
// saveRun computes the metrics, collects the device report (pass `local` so backend and threads are the
// ones the engine chose), records each engine's load given as `loadByEngine` ({ local: loadResult }),
// snapshots everything (Svelte proxies are fine to pass) and drops API keys.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { EngineInfo } from '../engine/types';
import { appVersion } from './app-version';
import { collectDeviceReport } from './device';
import { compareRunRecord, finish, type CompareRunInput, type RecordContext } from './record';
import { ResultRecordSchema, type ResultRecord } from './schema';
import { upgradeRecord } from './schema-upgrade';

export const RESULTS_DB_NAME = 'edgewise-results';
/** The object store that holds the records, keyed by id; the CLI reads it by this name too. */
export const RESULTS_STORE = 'results';

/** A record as read from outside the app (the CLI reads the store through the browser): upgraded as the store
 * upgrades what it reads, then checked against the schema. */
export function parseStoredRecord(raw: unknown): ResultRecord {
	return ResultRecordSchema.parse(upgradeRecord(raw));
}

interface ResultsDb extends DBSchema {
	results: { key: string; value: ResultRecord; indexes: { createdAt: string } };
}

/** What the history list shows, without the (large) runs. */
export interface ResultListItem {
	id: string;
	kind: ResultRecord['kind'];
	createdAt: string;
	title: string;
	status: ResultRecord['status'];
	engines: string[];
	runs: number;
	noisy: boolean;
}

export class ResultsStoreError extends Error {
	override name = 'ResultsStoreError';
}

export class ResultsStore {
	private db: Promise<IDBPDatabase<ResultsDb>> | null = null;

	constructor(private readonly dbName = RESULTS_DB_NAME) {}

	private open(): Promise<IDBPDatabase<ResultsDb>> {
		if (typeof indexedDB === 'undefined')
			return Promise.reject(
				new ResultsStoreError(
					'This browser has no IndexedDB (private mode?); results cannot be kept. Export them as JSON instead.'
				)
			);
		// Memoised, and dropped on failure so the next call tries again.
		this.db ??= openDB<ResultsDb>(this.dbName, 1, {
			upgrade(db) {
				db.createObjectStore(RESULTS_STORE, { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
			}
		}).catch((err) => {
			this.db = null;
			throw err;
		});
		return this.db;
	}

	/** Validates and snapshots the record, then saves it (replacing one with the same id). */
	async save(record: ResultRecord): Promise<ResultRecord> {
		const clean = finish(record);
		await (await this.open()).put(RESULTS_STORE, clean);
		return clean;
	}

	async saveRun(
		input: CompareRunInput,
		ctx: Partial<RecordContext> & { local?: EngineInfo | null } = {}
	): Promise<ResultRecord> {
		const local = ctx.local ?? input.sides.find((s) => s.info.placement === 'device')?.info ?? null;
		const device = ctx.device ?? (await collectDeviceReport({ local }));
		return this.save(
			compareRunRecord(JSON.parse(JSON.stringify(input)), {
				...ctx,
				device,
				appVersion: ctx.appVersion ?? appVersion()
			})
		);
	}

	async get(id: string): Promise<ResultRecord | undefined> {
		const stored = await (await this.open()).get(RESULTS_STORE, id);
		return stored && upgradeRecord(stored);
	}

	/** Newest first. */
	async list(): Promise<ResultListItem[]> {
		const all = await (await this.open()).getAllFromIndex(RESULTS_STORE, 'createdAt');
		return all.reverse().map((r) => ({
			id: r.id,
			kind: r.kind,
			createdAt: r.createdAt,
			title: r.title,
			status: r.status,
			engines: r.engines.map((e) => e.info.label),
			runs: r.runs.length,
			noisy: r.summaries.some((s) => s.noisy)
		}));
	}

	async all(): Promise<ResultRecord[]> {
		return (await (await this.open()).getAllFromIndex(RESULTS_STORE, 'createdAt')).reverse().map(upgradeRecord);
	}

	async remove(id: string): Promise<void> {
		await (await this.open()).delete(RESULTS_STORE, id);
	}

	async clear(): Promise<void> {
		await (await this.open()).clear(RESULTS_STORE);
	}

	/** Saves imported records in one transaction; a record with an existing id replaces it. */
	async importRecords(records: ResultRecord[]): Promise<{ added: number; replaced: number }> {
		const clean = records.map(finish);
		const tx = (await this.open()).transaction(RESULTS_STORE, 'readwrite');
		let replaced = 0;
		for (const r of clean) {
			if (await tx.store.getKey(r.id)) replaced++;
			await tx.store.put(r);
		}
		await tx.done;
		return { added: clean.length - replaced, replaced };
	}

	close(): void {
		void this.db?.then((db) => db.close());
		this.db = null;
	}
}

/** The app's one store. */
export const resultsStore = new ResultsStore();

/** Saves one Compare-page run; see the top of this file. */
export function saveRun(input: CompareRunInput, ctx?: Parameters<ResultsStore['saveRun']>[1]): Promise<ResultRecord> {
	return resultsStore.saveRun(input, ctx);
}
