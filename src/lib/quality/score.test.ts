// Scoring over hand-made runs: errors apart, accuracy over the items that ran, agreement with the baseline.
import { describe, expect, it } from 'vitest';
import { qualityCaseId } from './requests';
import type { QualityItem } from './schema';
import { sameAnswer, scoreEngines, scoreSuite, totalOf, type ScoredRun } from './score';

const item = (id: string, answer: number, suite = 's'): QualityItem => ({
	id,
	suite,
	completion: `Q${id}`,
	chat: `Q${id}`,
	maxNewTokens: 4,
	scorer: { kind: 'number', answer, tolerance: 0 }
});
const choice = (id: string, answer: string): QualityItem => ({
	id,
	suite: 'mc',
	completion: id,
	chat: id,
	maxNewTokens: 2,
	scorer: { kind: 'choice', answer, options: 4 }
});

function run(
	engineId: string,
	it: QualityItem,
	text: string,
	opts: { finish?: 'length' | 'error' | 'cancelled'; ids?: number[]; t?: number; inputTokens?: number | null } = {}
): ScoredRun {
	return {
		engineId,
		caseId: qualityCaseId(it),
		warmup: false,
		result: {
			text,
			finishReason: opts.finish ?? 'length',
			requestMs: 1000,
			arrivalsMs: opts.finish === 'error' ? [] : opts.t === undefined ? [1010, 1020] : [1000 + opts.t],
			inputTokens: opts.inputTokens === undefined ? 5 : opts.inputTokens,
			outputTokens: 2,
			...(opts.ids ? { tokenIds: opts.ids } : {})
		}
	};
}

describe('scoreSuite', () => {
	const items = [item('1', 1), item('2', 2), item('3', 3), item('4', 4)];

	it('counts right, wrong and failed apart: accuracy is over the items that ran without error', () => {
		const runs = [
			run('a', items[0]!, ' 1'),
			run('a', items[1]!, ' 7'),
			run('a', items[2]!, '', { finish: 'error' }),
			run('a', items[3]!, ' 4', { finish: 'cancelled' })
		];
		const s = scoreSuite('s', items, runs, 'a', 'a');
		expect(s).toMatchObject({ suite: 's', items: 4, correct: 1, errors: 2, accuracy: 0.5, chance: null });
		expect(s.ci95![0]).toBeCloseTo(0.0945, 3);
		expect(s.ci95![1]).toBeCloseTo(0.9055, 3);
		// Time is request to last token; a failed run with no token adds nothing.
		expect(s.timeMs).toBe(20 + 20 + 0 + 20);
		expect(s.outputTokens).toBe(8);
		expect(s.inputTokens).toBe(20);
		expect(s.agreement).toBeUndefined();
	});

	it('a warm-up is never scored, an item not run is not counted, nothing scored means no accuracy', () => {
		const warm = { ...run('a', items[0]!, ' 1'), warmup: true };
		const s = scoreSuite('s', items, [warm, run('a', items[1]!, '', { finish: 'error' })], 'a', 'a');
		expect(s).toMatchObject({ items: 1, correct: 0, errors: 1, accuracy: null, ci95: null });
	});

	it('input tokens are null when an engine did not report them', () => {
		expect(scoreSuite('s', items, [run('a', items[0]!, '1', { inputTokens: null })], 'a', 'a').inputTokens).toBeNull();
	});

	it('agreement: token ids compared where both have them, text where one has none, verdicts by the scorer', () => {
		const runs = [
			run('base', items[0]!, ' 1', { ids: [5, 6] }),
			run('base', items[1]!, ' 2x', { ids: [5, 7] }),
			run('base', items[2]!, ' 9'),
			run('base', items[3]!, '', { finish: 'error' }),
			run('other', items[0]!, ' 1', { ids: [5, 6] }),
			// Same text, other ids: not identical token for token; same verdict (both right).
			run('other', items[1]!, ' 2x', { ids: [5, 8] }),
			run('other', items[2]!, ' 3'),
			run('other', items[3]!, ' 4')
		];
		const s = scoreSuite('s', items, runs, 'other', 'base');
		expect(s.agreement).toEqual({ baselineEngineId: 'base', items: 3, identical: 1, sameVerdict: 2, basis: 'mixed' });
		// Its own accuracy is still against the answers: 4 of 4 right.
		expect(s).toMatchObject({ correct: 4, errors: 0, accuracy: 1 });
	});

	it('the agreement suite scores identical answers; an item the baseline failed is an error', () => {
		const runs = [
			run('base', items[0]!, ' 1'),
			run('base', items[1]!, ' 5'),
			run('base', items[2]!, '', { finish: 'error' }),
			run('other', items[0]!, ' 1'),
			run('other', items[1]!, ' 6'),
			run('other', items[2]!, ' 3')
		];
		const other = scoreSuite('agreement', items, runs, 'other', 'base', true);
		expect(other).toMatchObject({ items: 3, correct: 1, errors: 1, accuracy: 0.5, chance: null });
		const base = scoreSuite('agreement', items, runs, 'base', 'base', true);
		expect(base).toMatchObject({ items: 3, correct: 2, errors: 1, baseline: true });
	});
});

describe('sameAnswer', () => {
	it('compares ids over text when both have them', () => {
		const a = run('a', item('1', 1), 'x', { ids: [1, 2] }).result;
		expect(sameAnswer(a, run('b', item('1', 1), 'y', { ids: [1, 2] }).result)).toEqual({
			equal: true,
			basis: 'tokens'
		});
		expect(sameAnswer(a, run('b', item('1', 1), 'x', { ids: [1] }).result).equal).toBe(false);
		expect(sameAnswer(a, run('b', item('1', 1), 'x').result)).toEqual({ equal: true, basis: 'text' });
	});
});

describe('scoreEngines and totals', () => {
	it('gives every engine a total and one score per suite; chance only where all suites share it', () => {
		const nums = [item('1', 1), item('2', 2)];
		const mcs = [choice('q1', 'A'), choice('q2', 'B'), choice('q3', 'C'), choice('q4', 'D')];
		const runs = [
			...nums.map((i) => run('local', i, ' 1')),
			...mcs.map((i) => run('local', i, ' A')),
			...nums.map((i) => run('cloud', i, ` ${i.id}`)),
			...mcs.map((i) => run('cloud', i, i.scorer.kind === 'choice' ? i.scorer.answer : ''))
		];
		const scores = scoreEngines(
			[
				{ id: 's', items: nums },
				{ id: 'mc', items: mcs }
			],
			runs,
			['local', 'cloud']
		);
		expect(scores.local).toMatchObject({ suite: 's,mc', items: 6, correct: 2, errors: 0, chance: null });
		expect(scores.local!.suites.map((s) => [s.suite, s.correct, s.chance])).toEqual([
			['s', 1, null],
			['mc', 1, 0.25]
		]);
		expect(scores.cloud).toMatchObject({ correct: 6, accuracy: 1 });
		expect(scores.cloud!.agreement).toMatchObject({ baselineEngineId: 'local', items: 6, identical: 1, basis: 'text' });
		// ' A' and 'A' are the same choice but not the same answer token for token.
		expect(scores.cloud!.agreement!.sameVerdict).toBe(2);
		expect(scores.local!.agreement).toBeUndefined();
		expect(totalOf([scores.local!.suites[1]!]).chance).toBe(0.25);
	});

	it('leaves the agreement suite out of the total when an answer-key suite ran, and totals it when it ran alone', () => {
		const nums = [item('1', 1), item('2', 2)];
		const agree = nums.map((i) => ({ ...i, suite: 'agreement' }));
		const runs = [...nums, ...agree].flatMap((i) => [run('a', i, ' 9'), run('b', i, ' 9')]);
		const both = scoreEngines(
			[
				{ id: 's', items: nums },
				{ id: 'agreement', items: agree, agreement: true }
			],
			runs,
			['a', 'b']
		);
		expect(both.b).toMatchObject({ suite: 's', items: 2, correct: 0, accuracy: 0 });
		expect(both.b!.suites[1]).toMatchObject({ suite: 'agreement', correct: 2, accuracy: 1 });
		const alone = scoreEngines([{ id: 'agreement', items: agree, agreement: true }], runs, ['a', 'b']);
		expect(alone.b).toMatchObject({ suite: 'agreement', items: 2, correct: 2, accuracy: 1 });
	});
});
