// The two engines the Compare page and the benchmark panel run, seen through one small shape: the
// local-engine and cloud-engine managers (state/local-engine.svelte.ts, state/cloud-engine.svelte.ts) name their fields
// differently; this maps them once. Getters, so reads stay reactive.
import type { TokenPrices } from '../bench/cost';
import type { InferenceEngine, LoadResult } from '../engine/types';
import { cloudEngine } from './cloud-engine.svelte';
import { localEngine } from './local-engine.svelte';

export interface EngineSource {
	readonly engine: InferenceEngine | null;
	/** The last load of this engine, shown in its pane (load time and cold/warm). */
	readonly loadResult: LoadResult | null;
	/** List prices of the selected endpoint, for cost estimates; null for the local engine. */
	readonly prices: TokenPrices | null;
}

export const localSource: EngineSource = {
	get engine() {
		return localEngine.engine;
	},
	get loadResult() {
		return localEngine.lastLoad;
	},
	prices: null
};

export const cloudSource: EngineSource = {
	get engine() {
		return cloudEngine.engine;
	},
	get loadResult() {
		return cloudEngine.loadResult;
	},
	get prices() {
		return cloudEngine.prices;
	}
};
