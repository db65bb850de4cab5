// From quality runs to scores: per engine and suite, items run, right, errors apart, accuracy with its 95%
// Wilson interval, chance where guessing has one, time and tokens; and how each engine's answers compare
// with the first slot's (the baseline). Pure over the recorded runs, so an imported record scores the same.
import type { GenerationResult } from '../engine/types';
import { qualityCaseId } from './requests';
import type { EngineQuality, QualityItem, QualityScore } from './schema';
import { chanceOf, score } from './scorers';
import { wilson } from './wilson';

/** What scoring needs of a run (a RunSample has it). */
export interface ScoredRun {
	engineId: string;
	caseId: string;
	warmup: boolean;
	result: Pick<
		GenerationResult,
		'text' | 'finishReason' | 'requestMs' | 'arrivalsMs' | 'inputTokens' | 'outputTokens' | 'tokenIds'
	>;
}

const failed = (run: ScoredRun | undefined) =>
	!run || run.result.finishReason === 'error' || run.result.finishReason === 'cancelled';

/** Equal answers: token ids when both runs have them, else the text. */
export function sameAnswer(
	a: ScoredRun['result'],
	b: ScoredRun['result']
): { equal: boolean; basis: 'tokens' | 'text' } {
	if (a.tokenIds && b.tokenIds)
		return {
			equal: a.tokenIds.length === b.tokenIds.length && a.tokenIds.every((id, i) => id === b.tokenIds![i]),
			basis: 'tokens'
		};
	return { equal: a.text === b.text, basis: 'text' };
}

function basisOf(bases: ('tokens' | 'text')[]): 'tokens' | 'text' | 'mixed' {
	if (bases.every((b) => b === 'tokens')) return 'tokens';
	return bases.every((b) => b === 'text') ? 'text' : 'mixed';
}

function withAccuracy(base: Omit<QualityScore, 'accuracy' | 'ci95'>): QualityScore {
	const scored = base.items - base.errors;
	return { ...base, accuracy: scored > 0 ? base.correct / scored : null, ci95: wilson(base.correct, scored) };
}

export function scoreSuite(
	suite: string,
	items: readonly QualityItem[],
	runs: readonly ScoredRun[],
	engineId: string,
	baselineId: string,
	agreementSuite = false
): QualityScore {
	const find = (engine: string, item: QualityItem) =>
		runs.find((r) => !r.warmup && r.engineId === engine && r.caseId === qualityCaseId(item));
	let count = 0;
	let correct = 0;
	let errors = 0;
	let timeMs = 0;
	let inputTokens: number | null = 0;
	let outputTokens = 0;
	const agreement = { items: 0, identical: 0, sameVerdict: 0, bases: [] as ('tokens' | 'text')[] };
	const isBaseline = engineId === baselineId;
	for (const item of items) {
		const run = find(engineId, item);
		if (!run) continue;
		count++;
		const last = run.result.arrivalsMs.at(-1);
		timeMs += last === undefined ? 0 : last - run.result.requestMs;
		inputTokens = inputTokens === null || run.result.inputTokens === null ? null : inputTokens + run.result.inputTokens;
		outputTokens += run.result.outputTokens;
		const base = isBaseline ? run : find(baselineId, item);
		const compared = !failed(run) && !failed(base) && base !== undefined;
		const same = compared ? sameAnswer(run.result, base.result) : null;
		if (same && base && !isBaseline) {
			agreement.items++;
			agreement.bases.push(same.basis);
			if (same.equal) agreement.identical++;
			if (score(run.result.text, item.scorer).right === score(base.result.text, item.scorer).right)
				agreement.sameVerdict++;
		}
		if (agreementSuite) {
			// Against the baseline's answer: an item the baseline failed cannot be compared, so it is an error here too.
			if (!compared) errors++;
			else if (same?.equal) correct++;
		} else if (failed(run)) errors++;
		else if (score(run.result.text, item.scorer).right) correct++;
	}
	const chances = items.map((i) => chanceOf(i.scorer));
	const chance =
		!agreementSuite && chances.length && chances.every((c) => c !== null && c === chances[0]) ? chances[0]! : null;
	return withAccuracy({
		suite,
		items: count,
		correct,
		errors,
		chance,
		timeMs,
		inputTokens,
		outputTokens,
		...(agreementSuite && isBaseline ? { baseline: true } : {}),
		...(isBaseline
			? {}
			: {
					agreement: {
						baselineEngineId: baselineId,
						items: agreement.items,
						identical: agreement.identical,
						sameVerdict: agreement.sameVerdict,
						basis: basisOf(agreement.bases)
					}
				})
	});
}

/** The suites' total: counts and time added up; chance only where every suite has the same one. */
export function totalOf(scores: readonly QualityScore[]): QualityScore {
	const sum = (f: (s: QualityScore) => number) => scores.reduce((t, s) => t + f(s), 0);
	const agreements = scores.flatMap((s) => (s.agreement ? [s.agreement] : []));
	const first = scores[0];
	const chance = first && scores.every((s) => s.chance !== null && s.chance === first.chance) ? first.chance : null;
	const agreementBases = agreements.map((a) => a.basis);
	return withAccuracy({
		suite: scores.map((s) => s.suite).join(','),
		items: sum((s) => s.items),
		correct: sum((s) => s.correct),
		errors: sum((s) => s.errors),
		chance,
		timeMs: sum((s) => s.timeMs),
		inputTokens: scores.some((s) => s.inputTokens === null) ? null : sum((s) => s.inputTokens ?? 0),
		outputTokens: sum((s) => s.outputTokens),
		...(scores.length > 0 && scores.every((s) => s.baseline) ? { baseline: true } : {}),
		...(agreements.length && agreements[0]
			? {
					agreement: {
						baselineEngineId: agreements[0].baselineEngineId,
						items: agreements.reduce((t, a) => t + a.items, 0),
						identical: agreements.reduce((t, a) => t + a.identical, 0),
						sameVerdict: agreements.reduce((t, a) => t + a.sameVerdict, 0),
						basis: agreementBases.every((b) => b === agreementBases[0]) ? agreementBases[0]! : 'mixed'
					}
				}
			: {})
	});
}

export interface SuiteRun {
	id: string;
	items: readonly QualityItem[];
	agreement?: boolean;
}

/**
 * Every engine's quality over the suites run, the first engine being the baseline: one score per suite, and a
 * total over the answer-key suites (over the agreement suite alone when only it ran).
 */
export function scoreEngines(
	suites: readonly SuiteRun[],
	runs: readonly ScoredRun[],
	engineIds: readonly string[]
): Record<string, EngineQuality> {
	const baselineId = engineIds[0] ?? '';
	return Object.fromEntries(
		engineIds.map((engineId) => {
			const perSuite = suites.map((s) => scoreSuite(s.id, s.items, runs, engineId, baselineId, s.agreement));
			// The total is accuracy against answer keys; agreement is another question, so it counts in the total
			// only when nothing else ran.
			const keyed = perSuite.filter((_, i) => !suites[i]?.agreement);
			return [engineId, { ...totalOf(keyed.length ? keyed : perSuite), suites: perSuite }];
		})
	);
}
