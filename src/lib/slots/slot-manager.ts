// What every engine slot's manager offers the Compare page, the benchmark and the debug API, whatever the
// engine: the same fields for a local model, a cloud endpoint or any kind registered later. What differs
// between engines is said by the engine itself (EngineInfo: placement, priced, honours), never by the slot's kind.
import type { TokenPrices } from '../bench/cost';
import type { InferenceEngine, LoadResult } from '../engine/types';

export type SlotStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface SlotError {
	name: string;
	message: string;
}

export interface SlotManager {
	/** The engine's id in records and test ids ("local", "cloud", "local-2"…). */
	readonly id: string;
	/** The registry kind that made this slot. */
	readonly kind: string;
	/** A short name for the pane and the benchmark's lists: what this slot runs, as its form says now. */
	readonly title: string;
	/** The engine set up and ready to run; null until then. */
	readonly engine: InferenceEngine | null;
	readonly status: SlotStatus;
	/** The last load (or connection check), shown in the pane and recorded with results. */
	readonly loadResult: LoadResult | null;
	readonly error: SlotError | null;
	/** List prices per token for cost estimates; null when the slot's engine has none. */
	readonly prices: TokenPrices | null;
	/** The pane's line before any run: what the slot needs before it can run. */
	readonly notReadyMessage: string;
	/**
	 * The engine a Run should use, set up first for what the form shows when needed (that load is measured
	 * and shown like any other). Null when that failed: the slot's panel says why, and other slots still run.
	 */
	engineForRun(): Promise<InferenceEngine | null>;
	/** Someone is about to press Run: start what can start early (a runtime), never at first paint. */
	prepare(): void;
	/** Releases the engine and anything it holds (workers, sessions). */
	dispose(): Promise<void>;
}
