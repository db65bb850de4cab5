// Quality beside speed and cost, as a reader takes it in: one figure per engine ("41% ±9 at 120 tok/s,
// TTFT 40 ms, $0"), from the record alone (scores, the speed runs' medians, the list prices the cost used).
import { formatPercent, formatUsd, MISSING } from '../bench/format';
import { distinctLabels } from '../bench/engine-labels';
import type { ResultRecord } from '../bench/schema';
import { summarize } from '../bench/stats';
import type { QualityScore } from './schema';
import { halfWidth } from './wilson';

const pct = (x: number) => formatPercent(x, 0);

/** "41% ±9" (the ± is half the 95% interval's width, in percentage points); "no answers" when none scored. */
export function formatAccuracy(q: Pick<QualityScore, 'accuracy' | 'ci95'>): string {
	if (q.accuracy === null) return 'no answers';
	const half = halfWidth(q.ci95);
	return half === null ? pct(q.accuracy) : `${pct(q.accuracy)} ±${Math.round(half * 100)}`;
}

/** "[24%, 61%]" */
export function formatInterval(ci: QualityScore['ci95']): string {
	return ci ? `[${pct(ci[0])}, ${pct(ci[1])}]` : MISSING;
}

export interface QualityPoint {
	engineId: string;
	label: string;
	onDevice: boolean;
	accuracy: number | null;
	ci95: [number, number] | null;
	items: number;
	errors: number;
	/** Medians over the record's counted speed runs; null when none succeeded. */
	decodeTokensPerS: number | null;
	ttftMs: number | null;
	/** Estimated cost of 1,000 answers like the quality items (list prices × their tokens); 0 on the device; null unpriced. */
	costPer1kAnswersUsd: number | null;
}

export function qualityPoints(record: ResultRecord): QualityPoint[] {
	const labels = distinctLabels(record.engines);
	return record.engines.flatMap(({ id, info, quality }) => {
		if (!quality) return [];
		const runs = record.runs.filter((r) => r.engineId === id && !r.warmup && r.metrics);
		const answers = (record.quality?.runs ?? []).filter((r) => r.engineId === id && !r.warmup);
		const prices = record.cost.find((c) => c.engineId === id)?.prices;
		const onDevice = info.placement === 'device';
		let cost: number | null = onDevice ? 0 : null;
		if (!onDevice && prices && answers.length) {
			const usd = answers.reduce(
				(sum, r) =>
					sum +
					((r.result.inputTokens ?? 0) * prices.inputUsdPerMTokens +
						r.result.outputTokens * prices.outputUsdPerMTokens) /
						1e6,
				0
			);
			cost = (usd / answers.length) * 1000;
		}
		return [
			{
				engineId: id,
				label: labels[id] ?? id,
				onDevice,
				accuracy: quality.accuracy,
				ci95: quality.ci95,
				items: quality.items,
				errors: quality.errors,
				decodeTokensPerS: summarize(runs.map((r) => r.metrics!.decodeTokensPerS))?.median ?? null,
				ttftMs: summarize(runs.map((r) => r.metrics!.ttftMs))?.median ?? null,
				costPer1kAnswersUsd: cost
			}
		];
	});
}

const labels = (record: ResultRecord) => distinctLabels(record.engines);

function costText(p: QualityPoint): string {
	if (p.costPer1kAnswersUsd === null) return 'cost not priced';
	return p.costPer1kAnswersUsd === 0 ? '$0' : `${formatUsd(p.costPer1kAnswersUsd)} per 1,000 answers`;
}

/** "edgewise-tiny: 41% ±9 at 120 tok/s, TTFT 40 ms, $0" */
export function qualityPhrase(p: QualityPoint): string {
	const speed = [
		p.decodeTokensPerS === null ? null : `at ${Math.round(p.decodeTokensPerS)} tok/s`,
		p.ttftMs === null ? null : `TTFT ${Math.round(p.ttftMs)} ms`
	]
		.filter(Boolean)
		.join(', ');
	const errors = p.errors ? ` (${p.errors} of ${p.items} failed)` : '';
	return `${p.label}: ${formatAccuracy(p)}${errors}${speed ? ` ${speed}` : ''}, ${costText(p)}`;
}

/** The whole result in one sentence: each engine's quality, speed and cost, the suites and their chance. */
export function qualitySentence(record: ResultRecord): string | null {
	const points = qualityPoints(record);
	if (!points.length || !record.quality) return null;
	const suites = record.quality.suites.map((s) => s.id).join(', ');
	const scored = record.engines.find((e) => e.quality)?.quality;
	const chance = scored?.chance != null ? `; guessing scores ${pct(scored.chance)}` : '';
	const agreementId = record.quality.suites.find((s) => s.agreement)?.id;
	const agreeing = record.engines.flatMap(({ id, quality }) => {
		const a = quality?.suites.find((s) => s.suite === agreementId && !s.baseline);
		return a ? [`${labels(record)[id] ?? id} ${formatAccuracy(a)} (${a.correct} of ${a.items - a.errors})`] : [];
	});
	const first = record.engines[0];
	const agreement =
		agreeing.length && first ? ` Same answers as ${labels(record)[first.id] ?? first.id}: ${agreeing.join('; ')}.` : '';
	return `Quality (${suites}; ${record.quality.mode} prompts${chance}): ${points.map(qualityPhrase).join('; ')}.${agreement}`;
}
