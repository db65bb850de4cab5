// The Compare page's run: one request, every slot's engine, each streamed into its slot's EngineRun. Knows
// only InferenceEngine; the record is built (bench/record.ts) and saved to the results store, both loaded on
// demand so the first paint stays small.
import type { CompareRunInput } from '../bench/record';
import type { GenerateRequest, GenerationResult, LoadResult } from '../engine/types';
import type { SlotError, SlotManager } from '../slots/slot-manager';
import { EngineRun } from './engine-run.svelte';
import { readPersisted, writePersisted } from './persisted';
import type { Schedule } from './settings.svelte';

/** The prompt a first visit starts with: the opening the built-in model (stories260k, tiny stories) continues. */
export const DEFAULT_PROMPT = 'Once upon a time';

/**
 * What a Compare run needs of a slot: its id, its engine (null: left out of this run), its prices and last load,
 * and why its set-up failed (a slot included in the run whose engine could not be set up: its pane says Failed).
 */
export type CompareSlot = Pick<SlotManager, 'id' | 'engine' | 'prices'> & {
	loadResult?: LoadResult | null;
	setupError?: SlotError | null;
};

export class NoEngineError extends Error {
	override name = 'NoEngineError';
	constructor() {
		super('No engine is ready to run: tick "Include in runs" on a slot, or add an engine below, then run again.');
	}
}

export class CompareManager {
	// Not reactive itself: each EngineRun is, and a slot's run object never changes once made. Runs are made
	// here and in run(), never while a component reads them: Svelte does not track state that the reading
	// effect itself created, so a pane that made its own run would never see it change.
	#runs: Record<string, EngineRun> = {};

	constructor(slotIds: readonly string[] = []) {
		for (const id of slotIds) this.#runs[id] = new EngineRun(id);
	}

	/** The run shown in a slot's pane (the same object for the slot across runs). */
	runFor(slotId: string): EngineRun {
		return (this.#runs[slotId] ??= new EngineRun(slotId));
	}
	#prompt = $state.raw(readPersisted('prompt', DEFAULT_PROMPT, (value): value is string => typeof value === 'string'));
	/** The prompt box's text: kept across pages and reloads, so nothing typed is lost. */
	get prompt(): string {
		return this.#prompt;
	}
	set prompt(value: string) {
		this.#prompt = value;
		writePersisted('prompt', value);
	}
	running = $state.raw(false);
	savedId = $state.raw<string | null>(null);
	saveError = $state.raw<string | null>(null);
	#controller: AbortController | null = null;
	#engines: NonNullable<CompareSlot['engine']>[] = [];

	/**
	 * Runs `request` on each slot's engine, in slot order. 'sequential' runs one after another, so on one
	 * machine (say, the reference server on loopback) none steals another's CPU; 'together' streams all at once.
	 */
	async run(request: GenerateRequest, slots: readonly CompareSlot[], schedule: Schedule): Promise<void> {
		if (this.running) return;
		const sides = slots.flatMap(({ id, engine }) => (engine ? [{ id, engine, run: this.runFor(id) }] : []));
		const failed = slots.flatMap(({ id, engine, setupError }) => (!engine && setupError ? [{ id, setupError }] : []));
		// Nothing included at all is a person's choice to fix; included slots that failed to set up say so themselves.
		if (sides.length === 0 && failed.length === 0) throw new NoEngineError();
		this.savedId = null;
		this.saveError = null;
		for (const run of Object.values(this.#runs)) run.reset();
		for (const { id, setupError } of failed) this.runFor(id).fail(setupError);
		if (sides.length === 0) return;
		this.running = true;
		const controller = new AbortController();
		this.#controller = controller;
		this.#engines = sides.map((side) => side.engine);
		const results: GenerationResult[] = [];
		try {
			if (schedule === 'together') {
				results.push(
					...(await Promise.all(sides.map((side) => side.run.run(side.engine, request, controller.signal))))
				);
			} else {
				for (const side of sides) {
					if (controller.signal.aborted) break;
					results.push(await side.run.run(side.engine, request, controller.signal));
				}
			}
		} finally {
			this.running = false;
			this.#controller = null;
			this.#engines = [];
		}
		await this.#save(
			request,
			sides
				.slice(0, results.length)
				// results[i] is sides[i]'s: they run (or are awaited) in order and stop together.
				.map((side, i) => ({ id: side.id, info: side.engine.describe(), result: results[i]! })),
			Object.fromEntries(slots.flatMap((s) => (s.engine && s.prices ? [[s.id, s.prices]] : []))),
			Object.fromEntries(slots.map((s) => [s.id, s.loadResult ?? null]))
		);
	}

	/** Aborts the request's signal and tells each engine to cancel, in case one only honours cancel(). */
	stop(): void {
		this.#controller?.abort();
		for (const engine of this.#engines) engine.cancel();
	}

	async #save(
		request: GenerateRequest,
		sides: CompareRunInput['sides'],
		pricesByEngine: Record<string, NonNullable<CompareSlot['prices']>>,
		loadByEngine: Record<string, LoadResult | null>
	): Promise<void> {
		if (sides.length === 0) return;
		try {
			const [{ compareRunRecord, recordStamp }, { resultsStore }] = await Promise.all([
				import('../bench/record'),
				import('../bench/results-store')
			]);
			const stamp = await recordStamp(sides);
			const record = compareRunRecord({ request, sides }, { ...stamp, pricesByEngine, loadByEngine });
			await resultsStore.save(record);
			this.savedId = record.id;
		} catch (error) {
			this.saveError = `This run was not saved to Results: ${error instanceof Error ? error.message : String(error)}`;
		}
	}
}

export const compare = new CompareManager();
