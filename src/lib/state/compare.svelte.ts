// The Compare page's run: one request, both engines, each streamed into its own EngineRun. Knows only
// InferenceEngine; saving goes through the results store, loaded on demand so the first paint stays small.
import type { TokenPrices } from '../bench/cost';
import type { CompareRunInput } from '../bench/record';
import type { GenerateRequest, GenerationResult, InferenceEngine } from '../engine/types';
import { EngineRun } from './engine-run.svelte';
import { readPersisted, writePersisted } from './persisted';
import type { Schedule } from './settings.svelte';

export interface CompareEngines {
	local: InferenceEngine | null;
	cloud: InferenceEngine | null;
	cloudPrices?: TokenPrices | null;
}

export class NoEngineError extends Error {
	override name = 'NoEngineError';
	constructor() {
		super('No engine is ready: load a local model or pick a cloud endpoint above, then run again.');
	}
}

export class CompareManager {
	readonly local = new EngineRun('local');
	readonly cloud = new EngineRun('cloud');
	#prompt = $state.raw(readPersisted('prompt', '', (value): value is string => typeof value === 'string'));
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
	#engines: InferenceEngine[] = [];

	/**
	 * Runs `request` on each engine given. 'sequential' runs local then cloud, so on one machine (say,
	 * the reference server on loopback) neither steals the other's CPU; 'together' streams both at once.
	 */
	async run(request: GenerateRequest, engines: CompareEngines, schedule: Schedule): Promise<void> {
		if (this.running) return;
		const sides = (['local', 'cloud'] as const).flatMap((id) => {
			const engine = engines[id];
			return engine ? [{ id, engine, run: this[id] }] : [];
		});
		if (sides.length === 0) throw new NoEngineError();
		this.running = true;
		this.savedId = null;
		this.saveError = null;
		this.local.reset();
		this.cloud.reset();
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
				.map((side, i) => ({ id: side.id, info: side.engine.describe(), result: results[i] })),
			engines.cloudPrices ?? undefined
		);
	}

	/** Aborts the request's signal and tells each engine to cancel, in case one only honours cancel(). */
	stop(): void {
		this.#controller?.abort();
		for (const engine of this.#engines) engine.cancel();
	}

	async #save(request: GenerateRequest, sides: CompareRunInput['sides'], cloudPrices?: TokenPrices): Promise<void> {
		if (sides.length === 0) return;
		try {
			const { saveRun } = await import('../bench/results-store');
			const record = await saveRun({ request, sides }, { pricesByEngine: { cloud: cloudPrices } });
			this.savedId = record.id;
		} catch (error) {
			this.saveError = `This run was not saved to Results: ${error instanceof Error ? error.message : String(error)}`;
		}
	}
}

export const compare = new CompareManager();
