// Results history in IndexedDB (through idb). Every Compare-page run and every benchmark is saved here,
// so history survives reload and works offline. Records come in built (bench/record.ts: already redacted)
// or imported (already parsed), and are put as they are; what is read back is data from outside the code
// (an older version wrote it, or another tab), so every read goes through `parseStoredRecord`.
import type { DBSchema } from 'idb';
import { z } from 'zod';
import { IdbConnection } from './idb-connection';
import { ResultRecordSchema, type ResultRecord } from './schema';
import { upgradeRecord } from './schema-upgrade';

export const RESULTS_DB_NAME = 'edgewise-results';
/** The object store that holds the records, keyed by id; the CLI reads it by this name too. */
export const RESULTS_STORE = 'results';

/** A record as read from the store, by the app or by the CLI (through the browser): upgraded from an older
 * results format, then checked against the schema. */
export function parseStoredRecord(raw: unknown): ResultRecord {
	return ResultRecordSchema.parse(upgradeRecord(raw));
}

/** What the history list reads of a stored record: checked as any read is, without parsing every run. */
const ListedRecordSchema = ResultRecordSchema.pick({
	id: true,
	kind: true,
	createdAt: true,
	title: true,
	status: true
}).extend({
	engines: z.array(z.object({ info: z.object({ label: z.string() }) })),
	runs: z.array(z.unknown()),
	summaries: z.array(z.object({ noisy: z.boolean() }))
});

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
	/** Why this stored record cannot be read (damaged, or written by a newer version); it can still be deleted. */
	unreadable?: string;
}

export class UnreadableResultError extends Error {
	override name = 'UnreadableResultError';
	constructor(readonly problem: string) {
		super(
			`This saved result cannot be read by this version of Edgewise (${problem}). Delete it from the history, or open it in a newer version.`
		);
	}
}

/** Where a record fails the schema, in one line: "engines.0.info.label: expected string". */
function problemOf(error: unknown): string {
	const issue = error instanceof z.ZodError ? error.issues[0] : undefined;
	return issue ? `${issue.path.join('.') || '(top)'}: ${issue.message}` : String(error);
}

export class ResultsStore {
	readonly #db: IdbConnection<ResultsDb>;

	constructor(dbName = RESULTS_DB_NAME) {
		this.#db = new IdbConnection<ResultsDb>(
			dbName,
			1,
			(db) => db.createObjectStore(RESULTS_STORE, { keyPath: 'id' }).createIndex('createdAt', 'createdAt'),
			'results cannot be kept. Export them as JSON instead.'
		);
	}

	/** Saves a built or imported record (replacing one with the same id); IndexedDB keeps its own copy. */
	async save(record: ResultRecord): Promise<void> {
		await (await this.#db.open()).put(RESULTS_STORE, record);
	}

	async get(id: string): Promise<ResultRecord | undefined> {
		const stored = await (await this.#db.open()).get(RESULTS_STORE, id);
		try {
			return stored && parseStoredRecord(stored);
		} catch (error) {
			throw new UnreadableResultError(problemOf(error));
		}
	}

	/** Newest first. */
	async list(): Promise<ResultListItem[]> {
		const all = await (await this.#db.open()).getAllFromIndex(RESULTS_STORE, 'createdAt');
		return all.reverse().map((stored) => {
			const parsed = ListedRecordSchema.safeParse(stored);
			// One damaged record must not hide the others: it is listed as such, so it can be seen and deleted.
			if (!parsed.success) return unreadableItem(stored, problemOf(parsed.error));
			const r = parsed.data;
			return {
				id: r.id,
				kind: r.kind,
				createdAt: r.createdAt,
				title: r.title,
				status: r.status,
				engines: r.engines.map((e) => e.info.label),
				runs: r.runs.length,
				noisy: r.summaries.some((s) => s.noisy)
			};
		});
	}

	/** Newest first; a record that cannot be read is left out and counted (the export says how many). */
	async all(): Promise<{ records: ResultRecord[]; unreadable: number }> {
		const records: ResultRecord[] = [];
		let unreadable = 0;
		for (const stored of (await (await this.#db.open()).getAllFromIndex(RESULTS_STORE, 'createdAt')).reverse()) {
			try {
				records.push(parseStoredRecord(stored));
			} catch {
				unreadable++;
			}
		}
		return { records, unreadable };
	}

	async remove(id: string): Promise<void> {
		await (await this.#db.open()).delete(RESULTS_STORE, id);
	}

	async clear(): Promise<void> {
		await (await this.#db.open()).clear(RESULTS_STORE);
	}

	/** Saves imported records in one transaction; a record with an existing id replaces it. */
	async importRecords(records: ResultRecord[]): Promise<{ added: number; replaced: number }> {
		const tx = (await this.#db.open()).transaction(RESULTS_STORE, 'readwrite');
		let replaced = 0;
		for (const r of records) {
			if (await tx.store.getKey(r.id)) replaced++;
			await tx.store.put(r);
		}
		await tx.done;
		return { added: records.length - replaced, replaced };
	}

	close(): void {
		this.#db.close();
	}
}

/** The app's one store. */
export const resultsStore = new ResultsStore();

function unreadableItem(stored: unknown, problem: string): ResultListItem {
	const raw = (stored ?? {}) as { id?: unknown; createdAt?: unknown };
	return {
		id: String(raw.id),
		kind: 'run',
		createdAt: typeof raw.createdAt === 'string' ? raw.createdAt : '',
		title: 'A saved result this version cannot read',
		status: 'failed',
		engines: [],
		runs: 0,
		noisy: false,
		unreadable: problem
	};
}
