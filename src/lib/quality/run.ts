// A quality run: the chosen suites' items through the benchmark runner (the same one the speed benchmark
// uses: every engine gets the same request, greedy, the order rotating each item); the benchmark's record
// (bench/record.ts) scores it and keeps the answers, so an imported result can be scored again.
import { runBenchmark, type BenchmarkEngine, type BenchmarkOutcome, type BenchmarkProgress } from '../bench/runner';
import { builtinQualitySuite, QUALITY_SUITES, UnknownQualitySuiteError } from './builtin-suites';
import type { CustomSet } from './jsonl';
import { qualityCases } from './requests';
import type { PromptMode, QualityItem } from './schema';

export interface QualityPlan {
	suites: { id: string; label: string; agreement?: boolean; items: QualityItem[] }[];
	mode: PromptMode;
}

/** The suites to run, built-in ids or imported sets' ids (`custom:…`), in the order given. */
export function qualityPlan(
	suiteIds: readonly string[],
	customSets: readonly CustomSet[],
	mode: PromptMode
): QualityPlan {
	const suites = [...new Set(suiteIds)].map((id) => {
		const builtin = builtinQualitySuite(id);
		if (builtin)
			return { id, label: builtin.label, items: builtin.items, ...(builtin.agreement ? { agreement: true } : {}) };
		const custom = customSets.find((s) => s.id === id);
		if (custom) return { id, label: `Your set: ${custom.name} (${custom.items.length} items)`, items: custom.items };
		throw new UnknownQualitySuiteError(id, [...QUALITY_SUITES.map((s) => s.id), ...customSets.map((s) => s.id)]);
	});
	return { suites, mode };
}

export const planItems = (plan: QualityPlan): QualityItem[] => plan.suites.flatMap((s) => s.items);

export interface QualityRunOptions {
	signal?: AbortSignal;
	onProgress?: (progress: BenchmarkProgress) => void;
	/** Uncounted warm-ups per engine; 0 when the speed runs just warmed the engines. */
	warmupRuns?: number;
}

export function runQuality(
	engines: BenchmarkEngine[],
	plan: QualityPlan,
	options: QualityRunOptions = {}
): Promise<BenchmarkOutcome> {
	return runBenchmark({
		engines,
		cases: qualityCases(planItems(plan), plan.mode),
		repetitions: 1,
		rotate: 'case',
		warmupRuns: options.warmupRuns ?? 0,
		signal: options.signal,
		onProgress: options.onProgress
	});
}
