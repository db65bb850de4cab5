// Every scorer on hand-made right, wrong and malformed answers.
import { describe, expect, it } from 'vitest';
import {
	chanceOf,
	compileRegex,
	firstJsonObject,
	readChoice,
	readNumber,
	score,
	ScorerConfigError,
	scoreStory
} from './scorers';
import type { Scorer } from './schema';

describe('exact', () => {
	const s = { kind: 'exact', answer: 'fox' } as const;
	it('right: the same word, with quotes, a full stop or a second line around it', () => {
		for (const out of ['fox', ' fox', '"fox".', 'fox\nThe 3rd word: dog', '\n\n fox '])
			expect(score(out, s).right).toBe(true);
	});
	it('wrong: another word, another case, more words on the line', () => {
		for (const out of ['dog', 'Fox', 'fox jumps', 'the fox']) expect(score(out, s).right).toBe(false);
	});
	it('malformed: empty output is wrong and says so', () => {
		expect(score('', s)).toEqual({ right: false, extracted: null, reason: 'empty answer' });
		expect(score('\n \n', s).right).toBe(false);
	});
});

describe('contains', () => {
	const s = { kind: 'contains', answer: 'Paris' } as const;
	it('right anywhere in the output, any case', () => {
		expect(score('I think it is paris, France', s).right).toBe(true);
		expect(score('line one\nPARIS', s).right).toBe(true);
	});
	it('wrong when absent, also for noise', () => {
		expect(score('Lyon', s).right).toBe(false);
		expect(score('\u00ef\u00bf\u00bd\u0003Pa ris', s).right).toBe(false);
	});
});

describe('regex', () => {
	it('right when the pattern matches the output, wrong when not; flags apply', () => {
		const s = { kind: 'regex', pattern: '^\\d{4}-\\d{2}$', flags: 'm' } as const;
		expect(score('2024-05', s)).toMatchObject({ right: true, extracted: '2024-05' });
		expect(score('May 2024', s).right).toBe(false);
		expect(score('YES', { kind: 'regex', pattern: '^yes$', flags: 'i' }).right).toBe(true);
	});
	it('a pattern that does not compile is a configuration error, not a wrong answer', () => {
		expect(() => compileRegex('(')).toThrow(ScorerConfigError);
		expect(() => score('x', { kind: 'regex', pattern: '[' })).toThrow(ScorerConfigError);
	});
});

describe('choice', () => {
	const s = { kind: 'choice', answer: 'B', options: 4 } as const;
	it('right: the letter in its usual dresses', () => {
		for (const out of ['B', ' B', 'B)', '(B)', 'B.', 'B) Venus', 'Answer: B', 'The answer is B.', 'B\nbecause'])
			expect(score(out, s).right, out).toBe(true);
	});
	it('wrong: another letter', () => {
		expect(score('C', s)).toMatchObject({ right: false, extracted: 'C', reason: 'wrong letter' });
	});
	it('malformed: prose starting with an article, a letter out of range, lower case, noise, nothing', () => {
		expect(readChoice('A dog is an animal')).toBeNull();
		expect(score('A dog is an animal', { ...s, answer: 'A' }).right).toBe(false);
		expect(score('E', s)).toMatchObject({ right: false, reason: 'not one of A-D' });
		expect(score('b', s).right).toBe(false);
		expect(score('\u00c3\u00a9Bq', s).right).toBe(false);
		expect(score('', s)).toMatchObject({ right: false, extracted: null });
	});
	it('chance is one over the options; other scorers have none', () => {
		expect(chanceOf(s)).toBe(0.25);
		expect(chanceOf({ kind: 'choice', answer: 'A', options: 5 })).toBe(0.2);
		expect(chanceOf({ kind: 'exact', answer: 'x' })).toBeNull();
	});
});

describe('number', () => {
	const s = { kind: 'number', answer: 12, tolerance: 0 } as const;
	it('right: the first number on the first line, with commas and decimals read', () => {
		expect(score(' 12', s).right).toBe(true);
		expect(score('12 apples', s).right).toBe(true);
		expect(readNumber('2,400 books')).toBe(2400);
		expect(readNumber('-3.5 degrees')).toBe(-3.5);
		expect(score('3.14', { kind: 'number', answer: 3.1416, tolerance: 0.01 }).right).toBe(true);
	});
	it('wrong: another number, one outside the tolerance, the right one only on a later line', () => {
		expect(score('13', s).right).toBe(false);
		expect(score('3.2', { kind: 'number', answer: 3.1416, tolerance: 0.01 }).right).toBe(false);
		expect(score('7 + 5\n12', s).right).toBe(false);
	});
	it('malformed: no number at all', () => {
		expect(score('twelve', s)).toEqual({ right: false, extracted: null, reason: 'no number' });
	});
});

describe('json-keys', () => {
	const s: Scorer = { kind: 'json-keys', keys: ['name', 'age'] };
	it('right: an object with every key, even with text around it and braces inside strings', () => {
		expect(score(' {"name": "Ann", "age": 30}', s).right).toBe(true);
		expect(score('Here: {"name": "a}b{", "age": 1, "x": {"y": 2}} done', s).right).toBe(true);
		expect(firstJsonObject('x {"a": "\\"}"} y')).toBe('{"a": "\\"}"}');
	});
	it('wrong: a key missing', () => {
		expect(score('{"name": "Ann"}', s)).toMatchObject({ right: false, reason: 'missing age' });
	});
	it('malformed: no object, unbalanced, does not parse, an array', () => {
		expect(score('name: Ann, age: 30', s).reason).toBe('no JSON object');
		expect(score('{"name": "Ann", "age": 30', s).reason).toBe('no JSON object');
		expect(score("{'name': 'Ann', 'age': 30}", s).reason).toBe('JSON does not parse');
		expect(score('[{"name": 1, "age": 2}]', s).right).toBe(true);
		expect(score('{} ', s).right).toBe(false);
	});
});

describe('story', () => {
	it('right: plain English words that carry the opening on', () => {
		const out = ' went to the park with her mom. They played with a red ball and she was very happy.';
		expect(scoreStory(out, 8, ['lily', 'she', 'her'])).toMatchObject({ right: true, reason: 'fluent' });
	});
	it('wrong: too short, a loop, none of the expected words', () => {
		expect(scoreStory(' was happy.', 8, []).reason).toBe('fewer than 8 words');
		expect(scoreStory(' the the the the the the the the the the dog', 8, []).reason).toBe('one word repeats');
		expect(scoreStory(' went to the park and they played with a ball all day', 8, ['lily']).reason).toBe(
			'none of the expected words'
		);
	});
	it('malformed: noise from random weights (bytes, fragments) is not fluent', () => {
		expect(scoreStory('\u00e2\u0080 qx zzt vrrk ploo nng ght wq\u00c3 trel fnord gak', 8, []).reason).toBe(
			'too few common words'
		);
		expect(scoreStory('', 8, []).right).toBe(false);
	});
});
