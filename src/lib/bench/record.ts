// Building a ResultRecord: from a finished benchmark, or from one Compare-page run. Everything goes
// through the zod schema at the end, which snapshots it (plain JSON, no Svelte proxies) and drops
// fields the format does not know, such as an API key in an engine config.
import type { EngineInfo, GenerateRequest, GenerationResult, LoadResult } from '../engine/types';
import type { TokenPrices } from './cost';
import { sampleMetrics } from './metrics';
import { redactText, redactUrl } from './redact';
import type { BenchmarkOutcome } from './runner';
import { ResultRecordSchema, type DeviceReport, type ResultRecord, type RunSample } from './schema';
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

export function benchmarkRecord(
	outcome: BenchmarkOutcome,
	cases: PromptCase[],
	repetitions: number,
	suiteId: string | null,
	ctx: RecordContext
): ResultRecord {
	const engineIds = outcome.engines.map((e) => e.id);
	const summaries = summarizeRuns(
		outcome.runs,
		engineIds,
		cases.map((c) => c.id)
	);
	const allFailed = outcome.runs.length > 0 && outcome.runs.every((r) => r.result.finishReason === 'error');
	return finish({
		id: ctx.id ?? crypto.randomUUID(),
		kind: 'benchmark',
		createdAt: ctx.createdAt ?? new Date(outcome.startedAtMs).toISOString(),
		appVersion: ctx.appVersion,
		title: ctx.title ?? `Benchmark: ${outcome.engines.map((e) => e.info.label).join(' vs ')}`,
		status: allFailed ? 'failed' : outcome.status,
		device: ctx.device,
		engines: withLoads(outcome.engines, ctx.loadByEngine),
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
		cost: costEntries(outcome.runs, outcome.engines, ctx.pricesByEngine)
	});
}

/** What the Compare page hands to saveRun: the one request and what each engine returned. */
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
	return finish({
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

/** Parse (snapshot + strip unknown keys) and redact: the only way a record is made. */
export function finish(record: unknown): ResultRecord {
	const parsed = ResultRecordSchema.parse(JSON.parse(JSON.stringify(record)));
	return sanitizeRecord(parsed);
}

export function sanitizeRecord(record: ResultRecord): ResultRecord {
	for (const { info } of record.engines) {
		if (info.endpointBaseUrl !== undefined) info.endpointBaseUrl = redactUrl(info.endpointBaseUrl);
		if (info.notices) info.notices = info.notices.map(redactText);
	}
	for (const run of [...record.warmups, ...record.runs])
		if (run.result.error) run.result.error.message = redactText(run.result.error.message);
	return record;
}
