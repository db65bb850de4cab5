// From runs to what a person reads: per case and engine statistics, the break-even of each case, and
// cost estimates. Pure functions of the recorded runs, so an imported record can be re-derived.
import type { EngineInfo } from '../engine/types';
import { breakEven, describeBreakEven } from './break-even';
import { cloudCost, localCost, type TokenPrices } from './cost';
import { METRIC_NAMES, type BreakEvenEntry, type CaseSummary, type CostEntry, type RunSample } from './schema';
import { decodeDisagrees } from './metrics';
import { quantileSorted, summarize } from './stats';

export function summarizeRuns(runs: RunSample[], engineIds: string[], caseIds: string[]): CaseSummary[] {
	const out: CaseSummary[] = [];
	for (const caseId of caseIds)
		for (const engineId of engineIds) {
			const mine = runs.filter((r) => !r.warmup && r.caseId === caseId && r.engineId === engineId);
			if (mine.length === 0) continue;
			const ok = mine.filter((r) => r.metrics !== null);
			const metrics = Object.fromEntries(
				METRIC_NAMES.map((name) => [name, summarize(ok.map((r) => r.metrics![name]))])
			) as CaseSummary['metrics'];
			out.push({
				caseId,
				engineId,
				runs: mine.length,
				failedRuns: mine.filter((r) => r.result.finishReason === 'error').length,
				metrics,
				noisy: Object.values(metrics).some((s) => s?.noisy === true),
				serverDecodeRuns: ok.filter((r) => r.metrics!.decodeSource === 'server').length,
				decodeAgreement: agreementOf(ok.map((r) => r.metrics!.decodeAgreement))
			});
		}
	return out;
}

/** Median and worst client / server decode ratio; null when no run had server timings. */
export function agreementOf(values: readonly (number | null | undefined)[]): CaseSummary['decodeAgreement'] {
	const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
	if (!xs.length) return null;
	const worst = xs.reduce((w, v) => (Math.abs(v - 1) > Math.abs(w - 1) ? v : w));
	return {
		n: xs.length,
		median: quantileSorted(
			[...xs].sort((a, b) => a - b),
			0.5
		),
		worst,
		outside: xs.filter(decodeDisagrees).length
	};
}

/**
 * Break-even per case, for each engine against the first one, from the median ttft and tpot of each side.
 * A case where either side has no tpot (one-token outputs, or no successful run) has no entry for that
 * pair: one point does not make a line.
 */
export function breakEvenEntries(
	summaries: CaseSummary[],
	engines: { id: string; info: EngineInfo }[]
): BreakEvenEntry[] {
	const [first, ...others] = engines;
	if (!first) return [];
	const entries: BreakEvenEntry[] = [];
	for (const caseId of [...new Set(summaries.map((s) => s.caseId))])
		for (const other of others) {
			const sa = summaries.find((s) => s.caseId === caseId && s.engineId === first.id)?.metrics;
			const sb = summaries.find((s) => s.caseId === caseId && s.engineId === other.id)?.metrics;
			if (!sa?.ttftMs || !sa.tpotMs || !sb?.ttftMs || !sb.tpotMs) continue;
			const a = { ttftMs: sa.ttftMs.median, tpotMs: sa.tpotMs.median };
			const b = { ttftMs: sb.ttftMs.median, tpotMs: sb.tpotMs.median };
			const verdict = breakEven(a, b);
			entries.push({
				caseId,
				aEngineId: first.id,
				bEngineId: other.id,
				a,
				b,
				verdict,
				sentence: describeBreakEven(verdict, first.id, other.id)
			});
		}
	return entries;
}

export const NO_BREAK_EVEN =
	'no break-even: one side has no measurable time per token (a single token, or all its tokens arrived in one read)';

/** The (case, engine) pairs left without a break-even entry against the first engine (each is said, not dropped). */
export function casesWithoutBreakEven(record: {
	engines: { id: string }[];
	parameters: { cases: { id: string }[] };
	breakEven: { caseId: string; bEngineId: string }[];
}): string[] {
	const others = record.engines.slice(1);
	return record.parameters.cases.flatMap((c) =>
		others
			.filter((e) => !record.breakEven.some((b) => b.caseId === c.id && b.bEngineId === e.id))
			.map((e) => (others.length > 1 ? `${c.id} (${e.id})` : c.id))
	);
}

/** Cost per engine from the median token counts of its successful runs (all cases together). */
export function costEntries(
	runs: RunSample[],
	engines: { id: string; info: EngineInfo }[],
	pricesByEngine: Record<string, TokenPrices | undefined> = {}
): CostEntry[] {
	const out: CostEntry[] = [];
	for (const { id, info } of engines) {
		if (info.placement === 'device') {
			const c = localCost(info.model.bytes);
			out.push({
				engineId: id,
				estimate: true,
				perRunUsd: 0,
				per1kOutputTokensUsd: 0,
				oneOffDownloadBytes: c.oneOffDownloadBytes,
				label: c.label
			});
			continue;
		}
		const prices = pricesByEngine[id];
		const ok = runs.filter((r) => !r.warmup && r.engineId === id && r.metrics);
		const inTok = summarize(ok.map((r) => r.metrics!.inputTokens))?.median;
		const outTok = summarize(ok.map((r) => r.metrics!.outputTokens))?.median;
		if (!prices || inTok === undefined || outTok === undefined) continue;
		const c = cloudCost(prices, inTok, outTok);
		out.push({
			engineId: id,
			estimate: true,
			perRunUsd: c.perRunUsd,
			per1kOutputTokensUsd: c.per1kOutputTokensUsd,
			oneOffDownloadBytes: null,
			label: c.label,
			prices: { inputUsdPerMTokens: prices.inputUsdPerMTokens, outputUsdPerMTokens: prices.outputUsdPerMTokens }
		});
	}
	return out;
}
