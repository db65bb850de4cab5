// Building a ResultRecord: the one place a record is made, for a Compare-page run and for a benchmark (with
// its quality run, when one ran). Each builder assembles a typed draft and hands it to `redactRecord` once,
// which snapshots it (plain JSON, no Svelte proxies) and keeps keys out (see redact.ts). What comes out is
// what the store saves, export writes and a share link carries, as is: nothing downstream parses or
// redacts it again.
import type { EngineInfo, GenerateRequest, GenerationResult, LoadResult } from '../engine/types';
import { planItems, type QualityPlan } from '../quality/run';
import { scoreEngines } from '../quality/score';
import { appVersion } from './app-version';
import type { TokenPrices } from './cost';
import { collectDeviceReport } from './device';
import { sampleMetrics } from './metrics';
import { redactRecord } from './redact';
import type { BenchmarkOutcome } from './runner';
import type { DeviceReport, ResultRecord, RunSample } from './schema';
import { breakEvenEntries, costEntries, summarizeRuns } from './summary';
import type { PromptCase } from './suite';

export interface RecordContext {
	device: DeviceReport;
	appVersion: string;
	title?: string;
	pricesByEngine?: Record<string, TokenPrices | undefined>;
	/**
	 * The load that readied each engine for these runs, by engine id (a slot's `loadResult` as it is); an
	 * engine not in it, or with null, gets no `load`.
	 */
	loadByEngine?: Record<string, LoadResult | null | undefined>;
	/** Defaults to a random UUID and the current time. */
	id?: string;
	createdAt?: string;
}

/**
 * The device report and app version a record made in this app carries. The report takes its backend, threads
 * and adapter from the first on-device engine, since those are what that engine chose, not what the browser offers.
 */
export async function recordStamp(
	engines: readonly { info: EngineInfo }[]
): Promise<Pick<RecordContext, 'device' | 'appVersion'>> {
	const local = engines.find((e) => e.info.placement === 'device')?.info ?? null;
	return { device: await collectDeviceReport({ local }), appVersion: appVersion() };
}

/** A quality run after a benchmark's speed runs: the plan it ran and the runner's outcome. */
export interface QualityPart {
	plan: QualityPlan;
	outcome: BenchmarkOutcome;
}

export function benchmarkRecord(
	outcome: BenchmarkOutcome,
	cases: PromptCase[],
	repetitions: number,
	suiteId: string | null,
	ctx: RecordContext,
	quality?: QualityPart
): ResultRecord {
	const engineIds = outcome.engines.map((e) => e.id);
	const summaries = summarizeRuns(
		outcome.runs,
		engineIds,
		cases.map((c) => c.id)
	);
	const allFailed = outcome.runs.length > 0 && outcome.runs.every((r) => r.result.finishReason === 'error');
	const status = allFailed ? 'failed' : outcome.status;
	const engines = withLoads(outcome.engines, ctx.loadByEngine);
	const scores = quality ? scoreEngines(quality.plan.suites, quality.outcome.runs, engineIds) : {};
	return redactRecord({
		id: ctx.id ?? crypto.randomUUID(),
		kind: 'benchmark',
		createdAt: ctx.createdAt ?? new Date(outcome.startedAtMs).toISOString(),
		appVersion: ctx.appVersion,
		title: ctx.title ?? `Benchmark: ${outcome.engines.map((e) => e.info.label).join(' vs ')}`,
		// Speed runs that all went through, then a quality run cancelled part-way: the record says cancelled.
		status: status === 'complete' && quality?.outcome.status === 'cancelled' ? 'cancelled' : status,
		device: ctx.device,
		engines: engines.map((e) => (scores[e.id] ? { ...e, quality: scores[e.id] } : e)),
		parameters: {
			suiteId,
			repetitions,
			warmupRuns: outcome.warmupRuns,
			cases: cases.map((c) => ({ id: c.id, maxNewTokens: c.maxNewTokens, request: c.request }))
		},
		warmups: outcome.warmups,
		runs: outcome.runs,
		summaries,
		breakEven: breakEvenEntries(summaries, outcome.engines),
		cost: costEntries(outcome.runs, outcome.engines, ctx.pricesByEngine),
		...(quality ? { quality: qualityRun(quality) } : {})
	});
}

function qualityRun({ plan, outcome }: QualityPart): NonNullable<ResultRecord['quality']> {
	return {
		suites: plan.suites.map(({ id, label, agreement }) => ({ id, label, ...(agreement ? { agreement } : {}) })),
		mode: plan.mode,
		items: planItems(plan),
		warmups: outcome.warmups,
		runs: outcome.runs
	};
}

/** What a Compare-page run hands to the builder: the one request and what each engine returned. */
export interface CompareRunInput {
	request: GenerateRequest;
	sides: { id: string; info: EngineInfo; result: GenerationResult }[];
}

export function compareRunRecord(input: CompareRunInput, ctx: RecordContext): ResultRecord {
	const caseId = 'single';
	const runs: RunSample[] = input.sides.map((side, sequence) => ({
		sequence,
		engineId: side.id,
		caseId,
		repetition: 0,
		warmup: false,
		request: input.request,
		result: side.result,
		metrics: sampleMetrics(side.result)
	}));
	const engines = withLoads(
		input.sides.map((s) => ({ id: s.id, info: s.info })),
		ctx.loadByEngine
	);
	const summaries = summarizeRuns(
		runs,
		engines.map((e) => e.id),
		[caseId]
	);
	const statuses = input.sides.map((s) => s.result.finishReason);
	return redactRecord({
		id: ctx.id ?? crypto.randomUUID(),
		kind: 'run',
		createdAt: ctx.createdAt ?? new Date(Math.min(...input.sides.map((s) => s.result.requestMs))).toISOString(),
		appVersion: ctx.appVersion,
		title: ctx.title ?? `Compare: ${input.sides.map((s) => s.info.label).join(' vs ')}`,
		status: statuses.every((s) => s === 'error') ? 'failed' : statuses.includes('cancelled') ? 'cancelled' : 'complete',
		device: ctx.device,
		engines,
		parameters: {
			suiteId: null,
			repetitions: 1,
			warmupRuns: 0,
			cases: [{ id: caseId, maxNewTokens: input.request.maxNewTokens, request: input.request }]
		},
		warmups: [],
		runs,
		summaries,
		breakEven: breakEvenEntries(summaries, engines),
		cost: costEntries(runs, engines, ctx.pricesByEngine)
	});
}

function withLoads<E extends { id: string }>(
	engines: E[],
	loadByEngine: RecordContext['loadByEngine'] = {}
): (E & { load?: LoadResult })[] {
	return engines.map((engine) => {
		const load = Object.hasOwn(loadByEngine, engine.id) ? loadByEngine[engine.id] : undefined;
		return load ? { ...engine, load: { loadMs: load.loadMs, loadKind: load.loadKind } } : engine;
	});
}
