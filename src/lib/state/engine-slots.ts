// The engines the Compare page and the benchmark run, as an ordered list of slots of one shape, whatever
// the engine: this device first, then the chosen cloud. The first slot is the one every other is measured
// against (break-even, the verdict). Getters, so reads stay reactive.
import type { TokenPrices } from '../bench/cost';
import type { InferenceEngine, LoadResult } from '../engine/types';
import { cloudEngine } from './cloud-engine.svelte';
import { localEngine } from './local-engine.svelte';

export interface EngineSlot {
	/** The engine's id in records ("local", "cloud"). */
	readonly id: string;
	/** The engine set up in this slot and ready to run; null until then. */
	readonly engine: InferenceEngine | null;
	/** The last load of this engine, shown in its pane (load time and cold/warm). */
	readonly loadResult: LoadResult | null;
	/** List prices per token, for cost estimates; null when the slot's engine has none. */
	readonly prices: TokenPrices | null;
}

export const localSlot: EngineSlot = {
	id: 'local',
	get engine() {
		return localEngine.engine;
	},
	get loadResult() {
		return localEngine.loadResult;
	},
	prices: null
};

export const cloudSlot: EngineSlot = {
	id: 'cloud',
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

export const compareSlots: readonly EngineSlot[] = [localSlot, cloudSlot];

/** The slots whose engine is ready, in slot order. */
export function readySlots(slots: readonly EngineSlot[] = compareSlots): EngineSlot[] {
	return slots.filter((s) => s.engine !== null);
}
