// The Devices page's state: every saved result (imported files from other devices land in the same history
// as this device's own), turned into one table per configuration. Nothing leaves the device.
import { devicesTable, type ConfigRow } from '$lib/bench/devices';
import { resultsStore } from '$lib/bench/results-store';
import { results } from './results.svelte';

export class DevicesManager {
	#rows = $state.raw<ConfigRow[]>([]);
	#count = $state.raw(0);

	get rows(): ConfigRow[] {
		return this.#rows;
	}
	/** Saved results the table was built from. */
	get count(): number {
		return this.#count;
	}

	async refresh(): Promise<void> {
		const { records } = await resultsStore.all();
		this.#count = records.length;
		this.#rows = devicesTable(records);
	}

	async importFiles(files: FileList): Promise<void> {
		for (const file of files) await results.importFile(file);
		await this.refresh();
	}
}

export const devices = new DevicesManager();
