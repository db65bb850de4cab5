// The built-in suites: their items are well formed and answerable, and guessing scores chance, never more.
import { describe, expect, it } from 'vitest';
import { arithmeticItems, choiceItems, QUALITY_SUITES, seededRandom } from './builtin-suites';
import { QualityItemSchema } from './schema';
import { score, scoreStory } from './scorers';
import { wilson } from './wilson';

describe('built-in suites', () => {
	it('every item parses, ids are unique per suite, and each suite id is its items\u2019 suite', () => {
		for (const suite of QUALITY_SUITES) {
			expect(suite.items.length).toBeGreaterThan(0);
			for (const item of suite.items) {
				expect(QualityItemSchema.parse(item)).toEqual(item);
				expect(item.suite).toBe(suite.id);
			}
			expect(new Set(suite.items.map((i) => i.id)).size).toBe(suite.items.length);
		}
	});

	it('arithmetic is the same for the same seed, and different for another', () => {
		expect(arithmeticItems()).toEqual(arithmeticItems());
		expect(arithmeticItems(20, 24)).not.toEqual(arithmeticItems());
		for (const item of arithmeticItems()) {
			const m = /What is (\d+) ([+-]) (\d+)\?/.exec(item.chat)!;
			const want = m[2] === '+' ? Number(m[1]) + Number(m[3]) : Number(m[1]) - Number(m[3]);
			expect(item.scorer).toEqual({ kind: 'number', answer: want, tolerance: 0 });
			expect(item.completion.endsWith('\nA:')).toBe(true);
		}
	});

	it('the answer key, written as the model would, scores 100% on every answer-key suite', () => {
		const written = (s: (typeof QUALITY_SUITES)[number]['items'][number]['scorer']): string => {
			switch (s.kind) {
				case 'number':
					return ` ${s.answer}`;
				case 'exact':
					return ` ${s.answer}`;
				case 'choice':
					return ` ${s.answer}`;
				case 'json-keys':
					return ` {${s.keys.map((k) => `"${k}": 1`).join(', ')}}`;
				default:
					return '';
			}
		};
		for (const suite of QUALITY_SUITES.filter((s) => !s.agreement && s.id !== 'story'))
			for (const item of suite.items) expect(score(written(item.scorer), item.scorer).right, item.id).toBe(true);
	});

	it('story: a plain continuation that names the opening\u2019s character passes', () => {
		const lily = QUALITY_SUITES.find((s) => s.id === 'story')!.items[0]!;
		expect(lily.scorer.kind).toBe('story');
		if (lily.scorer.kind !== 'story') return;
		expect(
			scoreStory(
				' liked to play in the park with her big red ball every day.',
				lily.scorer.minWords,
				lily.scorer.expected
			).right
		).toBe(true);
	});

	describe('multiple choice scores chance for guessers, never more', () => {
		const items = choiceItems();
		it('every letter is right equally often (6 of 24)', () => {
			const letters = items.map((i) => (i.scorer.kind === 'choice' ? i.scorer.answer : '?'));
			for (const l of ['A', 'B', 'C', 'D']) expect(letters.filter((x) => x === l)).toHaveLength(6);
		});
		it('always answering one letter scores exactly 25%', () => {
			for (const l of ['A', 'B', 'C', 'D']) expect(items.filter((i) => score(` ${l}`, i.scorer).right)).toHaveLength(6);
		});
		// The 95% interval of the accuracy of `passes` passes over every item, answered by `guess`.
		const guessedInterval = (passes: number, seed: number, guess: (random: () => number) => string) => {
			const random = seededRandom(seed);
			let right = 0;
			let n = 0;
			for (let pass = 0; pass < passes; pass++)
				for (const item of items) {
					n++;
					if (score(guess(random), item.scorer).right) right++;
				}
			return wilson(right, n)!;
		};
		it('random letters over many passes: the interval holds 25%', () => {
			const [lo, hi] = guessedInterval(100, 7, (random) => ` ${'ABCD'[Math.floor(random() * 4)]}`);
			expect(lo).toBeLessThanOrEqual(0.25);
			expect(hi).toBeGreaterThanOrEqual(0.25);
		});
		it('random bytes (what random weights over a byte-level vocabulary emit) do not score above chance', () => {
			const [lo] = guessedInterval(50, 11, (random) =>
				Array.from({ length: 6 }, () => String.fromCharCode(32 + Math.floor(random() * 95))).join('')
			);
			expect(lo).toBeLessThanOrEqual(0.25);
		});
	});
});
