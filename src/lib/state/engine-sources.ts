// Where the Compare page gets its two engines: the local-engine and cloud-engine managers (their owners'
// modules, see contracts.md). Found through an eager glob so the page builds and says "not set up" while
// a manager does not exist yet; once both exist this file should become two plain imports.
import type { TokenPrices } from '../bench/cost';
import type { InferenceEngine, LoadResult } from '../engine/types';

/** What the Compare page reads from an engine manager. Fields beyond `engine` are optional. */
export interface EngineSource {
	readonly engine: InferenceEngine | null;
	/** The last load of this engine, shown in its pane (load time and cold/warm). */
	readonly loadResult?: LoadResult | null;
	/** List prices of the selected endpoint, for the cost estimate of a saved run. */
	readonly prices?: TokenPrices | null;
}

const localModules = import.meta.glob<{ localEngine?: EngineSource }>('./local-engine.svelte.ts', { eager: true });
const cloudModules = import.meta.glob<{ cloudEngine?: EngineSource }>('./cloud-engine.svelte.ts', { eager: true });

const NONE: EngineSource = { engine: null };

export const localSource: EngineSource = Object.values(localModules)[0]?.localEngine ?? NONE;
export const cloudSource: EngineSource = Object.values(cloudModules)[0]?.cloudEngine ?? NONE;
