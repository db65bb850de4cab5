// The benchmark panel's state: suite and repetitions, the run in progress, and its cancel. The runner
// knows only InferenceEngine; which engines to run comes from the Compare page's engine sources.
import { appVersion } from '$lib/bench/app-version';
import { collectDeviceReport } from '$lib/bench/device';
import { benchmarkRecord } from '$lib/bench/record';
import { resultsStore } from '$lib/bench/results-store';
import { runBenchmark, type BenchmarkEngine, type BenchmarkProgress } from '$lib/bench/runner';
import { getSuite, SUITES } from '$lib/bench/suite';
import type { TokenPrices } from '$lib/bench/cost';
import type { InferenceEngine } from '$lib/engine/types';
import { readPersisted, writePersisted } from './persisted';
import { results } from './results.svelte';

export interface BenchmarkChoice {
	suiteId: string;
	repetitions: number;
}

const STORAGE_NAME = 'benchmark';
const isChoice = (v: unknown): v is BenchmarkChoice =>
	typeof v === 'object' &&
	v !== null &&
	SUITES.some((s) => s.id === (v as BenchmarkChoice).suiteId) &&
	Number.isInteger((v as BenchmarkChoice).repetitions);

export class NoBenchmarkEngineError extends Error {
	override name = 'NoBenchmarkEngineError';
	constructor() {
		super(
			'No engine is ready to benchmark: load a local model and/or pick a cloud endpoint on the Compare page first.'
		);
	}
}

export class BenchmarkManager {
	choice = $state.raw<BenchmarkChoice>(readPersisted(STORAGE_NAME, { suiteId: 'quick', repetitions: 5 }, isChoice));
	running = $state.raw(false);
	progress = $state.raw<BenchmarkProgress | null>(null);
	error = $state.raw<string | null>(null);
	lastStatus = $state.raw<'complete' | 'cancelled' | null>(null);
	#controller: AbortController | null = null;

	setChoice(patch: Partial<BenchmarkChoice>): void {
		const next = { ...this.choice, ...patch };
		next.repetitions = Math.min(100, Math.max(1, Math.round(next.repetitions) || 1));
		this.choice = next;
		writePersisted(STORAGE_NAME, next);
	}

	async start(engines: {
		local: InferenceEngine | null;
		cloud: InferenceEngine | null;
		cloudPrices?: TokenPrices | null;
	}): Promise<void> {
		if (this.running) return;
		const list: BenchmarkEngine[] = [];
		if (engines.local) list.push({ id: 'local', engine: engines.local });
		if (engines.cloud) list.push({ id: 'cloud', engine: engines.cloud });
		this.error = null;
		this.lastStatus = null;
		if (list.length === 0) {
			this.error = new NoBenchmarkEngineError().message;
			return;
		}
		const suite = getSuite(this.choice.suiteId);
		const repetitions = this.choice.repetitions;
		const controller = new AbortController();
		this.#controller = controller;
		this.running = true;
		try {
			const outcome = await runBenchmark({
				engines: list,
				cases: suite.cases,
				repetitions,
				signal: controller.signal,
				onProgress: (p) => (this.progress = p)
			});
			const device = await collectDeviceReport({ local: engines.local?.describe() ?? null });
			const record = benchmarkRecord(outcome, suite.cases, repetitions, suite.id, {
				device,
				appVersion: appVersion(),
				pricesByEngine: { cloud: engines.cloudPrices ?? undefined }
			});
			const saved = await resultsStore.save(record);
			this.lastStatus = outcome.status;
			await results.added(saved);
		} catch (err) {
			this.error = err instanceof Error ? err.message : String(err);
		} finally {
			this.running = false;
			this.#controller = null;
		}
	}

	cancel(): void {
		this.#controller?.abort();
	}
}

export const benchmark = new BenchmarkManager();
