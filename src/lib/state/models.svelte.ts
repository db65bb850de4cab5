// The Models page's view of browser storage: cached models with sizes, the storage estimate and quota,
// whether storage is persistent. Every action refreshes the lot, so the page never shows stale sizes.
import {
	deleteCachedModel,
	estimateStorage,
	listCachedModels,
	requestPersistentStorage,
	type CachedModel,
	type StorageEstimate
} from '$lib/models/storage';

export class ModelsManager {
	cached = $state.raw<CachedModel[]>([]);
	estimate = $state.raw<StorageEstimate | null>(null);
	busy = $state.raw(false);
	message = $state.raw<string | null>(null);

	async refresh(): Promise<void> {
		const [cached, estimate] = await Promise.all([listCachedModels(), estimateStorage()]);
		this.cached = cached;
		this.estimate = estimate;
	}

	async remove(model: CachedModel): Promise<void> {
		this.busy = true;
		try {
			const files = await deleteCachedModel(model.key);
			this.message = `Deleted ${model.id} (${files} file${files === 1 ? '' : 's'}).`;
			await this.refresh();
		} finally {
			this.busy = false;
		}
	}

	async persist(): Promise<void> {
		const granted = await requestPersistentStorage();
		this.message = granted
			? 'Storage is persistent: the browser will not evict cached models under pressure.'
			: 'The browser declined persistent storage (it often agrees once the app is installed or used more).';
		await this.refresh();
	}
}

export const models = new ModelsManager();
