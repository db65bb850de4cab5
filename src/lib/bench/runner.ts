// The benchmark runner. It knows only InferenceEngine: a third engine needs no change here.
// Protocol (docs/DESIGN.md, docs/benchmarking.md): one uncounted warm-up per engine, then N repetitions in which the engines
// take turns in a rotating order (A B C, B C A, ...), so slow drift (thermal, background work, JIT tiering) hits every
// engine alike.
// A run that fails is recorded on that run and the benchmark goes on; an abort stops the run in flight
// (through the signal and engine.cancel(), so it ends within a token) and starts nothing more.
import { nowMs, type EngineInfo, type GenerationResult, type InferenceEngine, type TokenEvent } from '../engine/types';
import { toErrorPayload } from '../engine/worker-rpc';
import { sampleMetrics } from './metrics';
import type { RunSample } from './schema';
import type { PromptCase } from './suite';

export interface BenchmarkEngine {
	/** Short id used in records ("local", "cloud", "A"). */
	id: string;
	engine: InferenceEngine;
}

export interface RunRef {
	engineId: string;
	caseId: string;
	repetition: number | null;
	warmup: boolean;
}

export interface BenchmarkProgress {
	phase: 'warmup' | 'run' | 'done';
	/** Counted runs finished, and their total (warm-ups not included): "run done+1 of total". */
	done: number;
	total: number;
	current: RunRef | null;
	elapsedMs: number;
	/** Mean duration of the counted runs so far times those left; null before the first one ends. */
	estimatedLeftMs: number | null;
}

/** What the runner needs of a case: an id and the request every engine gets. */
export type RunnerCase = Pick<PromptCase, 'id' | 'request'>;

/**
 * When the engines' order moves on: each repetition (a speed suite, many repetitions of few cases), or each
 * case (a quality suite, many items answered once), so no engine always goes first either way.
 */
export type Rotation = 'repetition' | 'case';

export interface BenchmarkOptions {
	engines: BenchmarkEngine[];
	cases: RunnerCase[];
	repetitions: number;
	/** Default 'repetition'. */
	rotate?: Rotation;
	/** Uncounted warm-up runs per engine, on the first case (default 1). */
	warmupRuns?: number;
	signal?: AbortSignal;
	onProgress?: (progress: BenchmarkProgress) => void;
	onRun?: (sample: RunSample) => void;
	onToken?: (run: RunRef, event: TokenEvent) => void;
	/** Epoch-ms clock for elapsed time and failed-run timestamps (tests pass a scripted one). */
	clock?: () => number;
}

export interface BenchmarkOutcome {
	status: 'complete' | 'cancelled';
	engines: { id: string; info: EngineInfo }[];
	warmupRuns: number;
	startedAtMs: number;
	finishedAtMs: number;
	warmups: RunSample[];
	runs: RunSample[];
}

export class BenchmarkConfigError extends Error {
	override name = 'BenchmarkConfigError';
}

/**
 * The counted runs in the order they will start: repetition, then case, then engine, the engines' order
 * rotating by one each repetition (A B C, B C A, C A B), or each case with `rotate: 'case'`, so no engine
 * always goes first or last.
 */
export function runPlan(
	engineIds: string[],
	cases: RunnerCase[],
	repetitions: number,
	rotate: Rotation = 'repetition'
): RunRef[] {
	const plan: RunRef[] = [];
	let turn = 0;
	for (let repetition = 0; repetition < repetitions; repetition++) {
		if (rotate === 'repetition') turn = repetition;
		for (const c of cases) {
			const shift = turn % Math.max(1, engineIds.length);
			const order = [...engineIds.slice(shift), ...engineIds.slice(0, shift)];
			for (const engineId of order) plan.push({ engineId, caseId: c.id, repetition, warmup: false });
			if (rotate === 'case') turn++;
		}
	}
	return plan;
}

export async function runBenchmark(options: BenchmarkOptions): Promise<BenchmarkOutcome> {
	const { engines, cases, repetitions, signal, onProgress, onRun, onToken } = options;
	const clock = options.clock ?? nowMs;
	const warmupRuns = options.warmupRuns ?? 1;
	if (engines.length === 0) throw new BenchmarkConfigError('Choose at least one engine to benchmark.');
	if (cases.length === 0) throw new BenchmarkConfigError('The prompt suite is empty; choose a suite with cases.');
	if (!(Number.isInteger(repetitions) && repetitions >= 1))
		throw new BenchmarkConfigError(`Repetitions must be a whole number of at least 1, got ${repetitions}.`);
	if (new Set(engines.map((e) => e.id)).size !== engines.length)
		throw new BenchmarkConfigError('Each engine in a benchmark needs its own id.');

	const byId = new Map(engines.map((e) => [e.id, e.engine]));
	const caseById = new Map(cases.map((c) => [c.id, c]));
	const firstCase = cases[0];
	const warmupPlan: RunRef[] = firstCase
		? engines.flatMap((e) =>
				Array.from({ length: warmupRuns }, () => ({
					engineId: e.id,
					caseId: firstCase.id,
					repetition: null,
					warmup: true
				}))
			)
		: [];
	const plan = runPlan(
		engines.map((e) => e.id),
		cases,
		repetitions,
		options.rotate
	);
	const startedAtMs = clock();
	const warmups: RunSample[] = [];
	const runs: RunSample[] = [];
	let countedMs = 0;
	let sequence = 0;

	const progress = (phase: BenchmarkProgress['phase'], current: RunRef | null) => {
		const done = runs.length;
		onProgress?.({
			phase,
			done,
			total: plan.length,
			current,
			elapsedMs: clock() - startedAtMs,
			estimatedLeftMs: done > 0 ? (countedMs / done) * (plan.length - done) : null
		});
	};

	for (const ref of [...warmupPlan, ...plan]) {
		if (signal?.aborted) break;
		progress(ref.warmup ? 'warmup' : 'run', ref);
		const request = caseById.get(ref.caseId)!.request;
		const t0 = clock();
		const result = await generateOnce(byId.get(ref.engineId)!, request, ref, clock, signal, onToken);
		const sample: RunSample = {
			sequence: sequence++,
			...ref,
			request,
			result,
			metrics: sampleMetrics(result)
		};
		if (ref.warmup) warmups.push(sample);
		else {
			runs.push(sample);
			countedMs += clock() - t0;
		}
		onRun?.(sample);
	}
	const status = signal?.aborted ? 'cancelled' : 'complete';
	progress('done', null);
	return {
		status,
		engines: engines.map((e) => ({ id: e.id, info: e.engine.describe() })),
		warmupRuns,
		startedAtMs,
		finishedAtMs: clock(),
		warmups,
		runs
	};
}

/** One generate call that never throws: a failure becomes a result with finishReason 'error'. */
async function generateOnce(
	engine: InferenceEngine,
	request: RunnerCase['request'],
	ref: RunRef,
	clock: () => number,
	signal: AbortSignal | undefined,
	onToken: BenchmarkOptions['onToken']
): Promise<GenerationResult> {
	const arrivalsMs: number[] = [];
	let text = '';
	const requestMs = clock();
	// The engine gets the signal, and cancel() as well, so an engine that honours only one still stops.
	const stop = () => engine.cancel();
	signal?.addEventListener('abort', stop, { once: true });
	try {
		const result = await engine.generate(structuredClone(request), {
			signal,
			onToken: (event) => {
				arrivalsMs.push(event.tMs);
				text += event.text;
				onToken?.(ref, event);
			}
		});
		// An engine that resolved normally after an abort still ran a cancelled run.
		return signal?.aborted && result.finishReason !== 'error' ? { ...result, finishReason: 'cancelled' } : result;
	} catch (err) {
		return {
			text,
			requestMs,
			arrivalsMs,
			inputTokens: null,
			outputTokens: arrivalsMs.length,
			tokensSource: 'chunks',
			finishReason: signal?.aborted ? 'cancelled' : 'error',
			error: toErrorPayload(err)
		};
	} finally {
		signal?.removeEventListener('abort', stop);
	}
}
