// The Results page's state: the history list from IndexedDB, the selected record, export and import.
// Components display; this holds state and talks to the store. It hears of records saved elsewhere (a
// benchmark, a kept shared result) through the event map.
import { appVersion } from '../bench/app-version';
import { exportCsv, exportJson, importJson } from '../bench/export';
import { resultsStore, type ResultListItem } from '../bench/results-store';
import type { ResultRecord } from '../bench/schema';
import { downloadText } from '../download';
import { events, type EventManager, type AppEvents } from './events';

export class ResultsManager {
	items = $state.raw<ResultListItem[]>([]);
	selected = $state.raw<ResultRecord | null>(null);
	loading = $state.raw(false);
	/** Last error or notice for the person, with what to do next. */
	message = $state.raw<{ kind: 'error' | 'info'; text: string } | null>(null);

	constructor(bus: EventManager<AppEvents> = events) {
		bus.on('benchmark.saved', (record) => this.added(record));
		bus.on('results.imported', () => this.refresh());
	}

	async refresh(): Promise<void> {
		this.loading = true;
		try {
			this.items = await resultsStore.list();
			if (this.selected && !this.items.some((i) => i.id === this.selected!.id)) this.selected = null;
			if (!this.selected && this.items.length) await this.select(this.items[0]!.id);
		} catch (err) {
			this.#fail(err);
		} finally {
			this.loading = false;
		}
	}

	async select(id: string): Promise<void> {
		try {
			this.selected = (await resultsStore.get(id)) ?? null;
		} catch (err) {
			// A stored record this version cannot read: said, with the others still listed.
			this.selected = null;
			this.#fail(err);
		}
	}

	/** A record just saved elsewhere: the list shows it at once, selected. */
	async added(record: ResultRecord): Promise<void> {
		this.selected = record;
		await this.refresh();
	}

	async remove(id: string): Promise<void> {
		await resultsStore.remove(id);
		if (this.selected?.id === id) this.selected = null;
		await this.refresh();
	}

	async removeAll(): Promise<void> {
		await resultsStore.clear();
		this.selected = null;
		await this.refresh();
	}

	async exportJson(): Promise<void> {
		const { records, unreadable } = await resultsStore.all();
		downloadText(`edgewise-results-${stamp()}.json`, exportJson(records, appVersion()), 'application/json');
		this.#sayLeftOut(unreadable);
	}

	async exportCsv(): Promise<void> {
		const { records, unreadable } = await resultsStore.all();
		downloadText(`edgewise-results-${stamp()}.csv`, exportCsv(records), 'text/csv');
		this.#sayLeftOut(unreadable);
	}

	/** An export leaves out saved results this version cannot read: said, never silent. */
	#sayLeftOut(unreadable: number): void {
		if (unreadable > 0)
			this.message = {
				kind: 'error',
				text: `${unreadable} saved result${unreadable === 1 ? '' : 's'} could not be read and ${unreadable === 1 ? 'was' : 'were'} left out of the export (marked in the history; delete ${unreadable === 1 ? 'it' : 'them'} there).`
			};
	}

	async importFile(file: File): Promise<void> {
		try {
			const records = importJson(await file.text());
			const { added, replaced } = await resultsStore.importRecords(records);
			this.message = {
				kind: 'info',
				text: `Imported ${added} new and ${replaced} replaced result${added + replaced === 1 ? '' : 's'} from ${file.name}.`
			};
			this.selected = null;
			await this.refresh();
		} catch (err) {
			this.#fail(err);
		}
	}

	#fail(err: unknown): void {
		this.message = { kind: 'error', text: err instanceof Error ? err.message : String(err) };
	}
}

function stamp(): string {
	return new Date().toISOString().replace(/[:.]/g, '-');
}

export const results = new ResultsManager();
