// A benchmark over scripted engines sharing one virtual clock, and the record built from it: what the bench,
// state and CLI tests make their results from, so each test states only the engines and timings it is about.
// The runner and the record builder are the real ones.
import { benchmarkRecord, type QualityPart, type RecordContext } from '../record';
import { runBenchmark, type BenchmarkOptions, type BenchmarkOutcome } from '../runner';
import type { ResultRecord } from '../schema';
import { getSuite, type PromptCase } from '../suite';
import { nodeDeviceReport } from './device-report';
import { ScriptedEngine, type ScriptedOptions, type VirtualClock } from './scripted-engine';

/** One engine of a test benchmark: its id, and its ScriptedEngine's options but the clock (all share one). */
export type ScriptedSide = { id: string } & Omit<ScriptedOptions, 'clock'>;

export interface ScriptedBenchmarkOptions extends Omit<BenchmarkOptions, 'engines' | 'cases' | 'clock'> {
	sides: ScriptedSide[];
	/** Default: the quick suite's cases (short-8, short-32). */
	cases?: PromptCase[];
	/** Default: a fresh clock at 0. */
	clock?: VirtualClock;
}

export interface ScriptedBenchmark {
	outcome: BenchmarkOutcome;
	cases: PromptCase[];
	clock: VirtualClock;
	/** The engines, by side id, for a test that asks one more thing of them. */
	engines: Record<string, ScriptedEngine>;
}

export async function scriptedBenchmark({
	sides,
	cases = getSuite('quick').cases,
	clock = { t: 0 },
	...options
}: ScriptedBenchmarkOptions): Promise<ScriptedBenchmark> {
	const engines = sides.map(({ id, ...side }) => ({ id, engine: new ScriptedEngine({ ...side, clock }) }));
	const outcome = await runBenchmark({ ...options, engines, cases, clock: () => clock.t });
	return { outcome, cases, clock, engines: Object.fromEntries(engines.map((e) => [e.id, e.engine])) };
}

export interface ScriptedRecordOptions extends ScriptedBenchmarkOptions {
	/** Added to what the record is built with: by default a Node device report and app version 't'. */
	ctx?: Partial<RecordContext>;
	quality?: QualityPart;
}

/** The benchmark's record, as the app builds it (suite id 'quick'). */
export async function scriptedRecord({ ctx, quality, ...options }: ScriptedRecordOptions): Promise<ResultRecord> {
	const { outcome, cases } = await scriptedBenchmark(options);
	return benchmarkRecord(
		outcome,
		cases,
		options.repetitions,
		'quick',
		{ appVersion: 't', device: nodeDeviceReport(), ...ctx },
		quality
	);
}
