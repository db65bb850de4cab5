// The benchmark panel's state: suite and repetitions, the run in progress, and its cancel. The runner
// knows only InferenceEngine; which engines to run are the slots given (the Compare page's, in order).
import { benchmarkRecord, recordStamp, type QualityPart } from '../bench/record';
import { resultsStore } from '../bench/results-store';
import { runBenchmark, type BenchmarkEngine, type BenchmarkProgress } from '../bench/runner';
import { getSuite, suiteCases, SUITES } from '../bench/suite';
import { qualityPlan, runQuality } from '../quality/run';
import type { SlotManager } from '../slots/slot-manager';
import { events } from './events';
import { readPersisted, writePersisted } from './persisted';
import { qualitySets } from './quality-sets-manager.svelte';
import { BenchmarkChoiceSchema, STORED, type BenchmarkChoice } from './stored-settings';

export type { BenchmarkChoice };

const isChoice = (v: unknown): v is BenchmarkChoice => {
	const parsed = BenchmarkChoiceSchema.safeParse(v);
	return parsed.success && SUITES.some((s) => s.id === parsed.data.suiteId);
};

export class NoBenchmarkEngineError extends Error {
	override name = 'NoBenchmarkEngineError';
	constructor() {
		super(
			'No engine is ready to benchmark: load a local model and/or pick a cloud endpoint on the Compare page first.'
		);
	}
}

interface BenchmarkState {
	running: boolean;
	/** Which runs are under way: the speed suite's, or the quality items' after them. */
	stage: 'speed' | 'quality';
	progress: BenchmarkProgress | null;
	error: string | null;
	lastStatus: 'complete' | 'cancelled' | null;
}

export class BenchmarkManager {
	#choice = $state.raw<BenchmarkChoice>(
		BenchmarkChoiceSchema.parse(
			readPersisted(
				STORED.benchmark,
				{ suiteId: 'quick', repetitions: 5, quality: [], qualityMode: 'completion' },
				isChoice
			)
		)
	);
	// Read through getters, written only by #set.
	#state = $state.raw<BenchmarkState>({
		running: false,
		stage: 'speed',
		progress: null,
		error: null,
		lastStatus: null
	});
	#controller: AbortController | null = null;

	get choice(): BenchmarkChoice {
		return this.#choice;
	}
	get running(): boolean {
		return this.#state.running;
	}
	get stage(): 'speed' | 'quality' {
		return this.#state.stage;
	}
	get progress(): BenchmarkProgress | null {
		return this.#state.progress;
	}
	get error(): string | null {
		return this.#state.error;
	}
	get lastStatus(): 'complete' | 'cancelled' | null {
		return this.#state.lastStatus;
	}

	#set(patch: Partial<BenchmarkState>): void {
		this.#state = { ...this.#state, ...patch };
	}

	setChoice(patch: Partial<BenchmarkChoice>): void {
		const next = { ...this.#choice, ...patch };
		next.repetitions = Math.min(100, Math.max(1, Math.round(next.repetitions) || 1));
		this.#choice = next;
		writePersisted(STORED.benchmark, next);
	}

	/**
	 * Benchmarks the slots' engines, in slot order; a slot with no engine ready is left out. A ready slot whose
	 * form changed since its load is set up again first (engineForRun), so the benchmark runs what the form shows.
	 */
	async start(slots: readonly SlotManager[]): Promise<void> {
		if (this.running) return;
		this.#set({ error: null, lastStatus: null, progress: null, running: true, stage: 'speed' });
		const list: BenchmarkEngine[] = [];
		for (const slot of slots) {
			if (!slot.engine) continue;
			const engine = await slot.engineForRun();
			if (engine) list.push({ id: slot.id, engine });
		}
		if (list.length === 0) {
			this.#set({ running: false, error: new NoBenchmarkEngineError().message });
			return;
		}
		const suite = getSuite(this.choice.suiteId);
		// Every engine gets the same requests: plain completion when a loaded model has no chat template.
		const noTemplate = list.some(({ engine }) => 'hasChatTemplate' in engine && engine.hasChatTemplate === false);
		const cases = suiteCases(suite, noTemplate ? 'completion' : 'chat');
		const repetitions = this.choice.repetitions;
		const controller = new AbortController();
		this.#controller = controller;
		try {
			const plan = this.choice.quality.length
				? qualityPlan(this.choice.quality, await qualitySets.ready(), this.choice.qualityMode)
				: null;
			const outcome = await runBenchmark({
				engines: list,
				cases,
				repetitions,
				signal: controller.signal,
				onProgress: (p) => this.#set({ progress: p })
			});
			const stamp = await recordStamp(outcome.engines);
			// The quality items go through the same runner once the speed runs are done (engines warm).
			let quality: QualityPart | undefined;
			if (plan && outcome.status === 'complete') {
				this.#set({ stage: 'quality', progress: null });
				const qualityOutcome = await runQuality(list, plan, {
					signal: controller.signal,
					onProgress: (p) => this.#set({ progress: p })
				});
				quality = { plan, outcome: qualityOutcome };
			}
			const prices = slots.flatMap((s) => (s.engine && s.prices ? [[s.id, s.prices] as const] : []));
			const record = benchmarkRecord(
				outcome,
				cases,
				repetitions,
				suite.id,
				{
					...stamp,
					pricesByEngine: Object.fromEntries(prices),
					loadByEngine: Object.fromEntries(slots.map((s) => [s.id, s.loadResult]))
				},
				quality
			);
			await resultsStore.save(record);
			this.#set({ lastStatus: quality?.outcome.status ?? outcome.status });
			events.emit('benchmark.saved', record);
		} catch (err) {
			this.#set({ error: err instanceof Error ? err.message : String(err) });
		} finally {
			this.#set({ running: false });
			this.#controller = null;
		}
	}

	cancel(): void {
		this.#controller?.abort();
	}
}

export const benchmark = new BenchmarkManager();
