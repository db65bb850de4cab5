// The Results page's state: the history list from IndexedDB, the selected record, export and import.
// Components display; this holds state and talks to the store.
import { appVersion } from '../bench/app-version';
import { exportCsv, exportJson, importJson } from '../bench/export';
import { resultsStore, type ResultListItem } from '../bench/results-store';
import type { ResultRecord } from '../bench/schema';

export class ResultsManager {
	items = $state.raw<ResultListItem[]>([]);
	selected = $state.raw<ResultRecord | null>(null);
	loading = $state.raw(false);
	/** Last error or notice for the person, with what to do next. */
	message = $state.raw<{ kind: 'error' | 'info'; text: string } | null>(null);

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
		this.selected = (await resultsStore.get(id)) ?? null;
	}

	/** Called by the benchmark panel (and anyone else) after saving, so the list shows it at once. */
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
		const records = await resultsStore.all();
		download(`edgewise-results-${stamp()}.json`, exportJson(records, appVersion()), 'application/json');
	}

	async exportCsv(): Promise<void> {
		download(`edgewise-results-${stamp()}.csv`, exportCsv(await resultsStore.all()), 'text/csv');
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

function download(name: string, text: string, type: string): void {
	const url = URL.createObjectURL(new Blob([text], { type }));
	const a = Object.assign(document.createElement('a'), { href: url, download: name });
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 0);
}

export const results = new ResultsManager();
