import { describe, expect, it } from 'vitest';
import { JsonlImportError, parseJsonl } from './jsonl';
import { score } from './scorers';

const line = (o: unknown) => JSON.stringify(o);

describe('parseJsonl', () => {
	it('reads every scorer into items of one set, skipping blank lines', () => {
		const text = [
			line({ prompt: 'Capital of Peru?', answer: 'Lima', scorer: 'exact' }),
			'',
			line({ prompt: 'Say hi', answer: 'hi', scorer: 'contains', id: 'hi' }),
			line({ prompt: 'A date', answer: '^\\d{4}$', scorer: 'regex' }),
			line({ prompt: 'Pick', answer: 'c', scorer: 'choice', options: 3 }),
			line({ prompt: '2+2', answer: '4', scorer: 'number', tolerance: 0.5 }),
			line({ prompt: 'JSON', answer: 'a, b', scorer: 'json-keys', maxNewTokens: 40 }),
			line({ prompt: 'JSON 2', answer: ['x'], scorer: 'json-keys', chat: 'Give JSON with x' })
		].join('\n');
		const set = parseJsonl(text, 'My Set.jsonl', '2026-12-07T00:00:00.000Z');
		expect(set.id).toBe('custom:my-set');
		expect(set.name).toBe('My Set');
		expect(set.items.map((i) => i.id)).toEqual(['line-1', 'hi', 'line-4', 'line-5', 'line-6', 'line-7', 'line-8']);
		expect(set.items.map((i) => i.scorer)).toEqual([
			{ kind: 'exact', answer: 'Lima' },
			{ kind: 'contains', answer: 'hi' },
			{ kind: 'regex', pattern: '^\\d{4}$' },
			{ kind: 'choice', answer: 'C', options: 3 },
			{ kind: 'number', answer: 4, tolerance: 0.5 },
			{ kind: 'json-keys', keys: ['a', 'b'] },
			{ kind: 'json-keys', keys: ['x'] }
		]);
		expect(set.items.every((i) => i.suite === 'custom:my-set')).toBe(true);
		expect(set.items[6]).toMatchObject({ completion: 'JSON 2', chat: 'Give JSON with x', maxNewTokens: 32 });
		expect(set.items[5]!.maxNewTokens).toBe(40);
		// The imported items score like built-in ones.
		expect(score(' 4.3', set.items[4]!.scorer).right).toBe(true);
	});

	it('names every malformed line by its number and keeps nothing', () => {
		const text = [
			line({ prompt: 'ok', answer: 'x', scorer: 'exact' }),
			'{not json',
			line({ prompt: 'no scorer', answer: 'x' }),
			line({ prompt: 'bad number', answer: 'many', scorer: 'number' }),
			line({ prompt: 'bad regex', answer: '(', scorer: 'regex' }),
			line({ prompt: 'letter out of range', answer: 'E', scorer: 'choice' }),
			line({ prompt: '', answer: 'x', scorer: 'exact' }),
			line({ prompt: 'dup', answer: 'x', scorer: 'exact', id: 'a' }),
			line({ prompt: 'dup', answer: 'x', scorer: 'exact', id: 'a' })
		].join('\n');
		let error: unknown;
		try {
			parseJsonl(text, 'bad.jsonl');
		} catch (err) {
			error = err;
		}
		expect(error).toBeInstanceOf(JsonlImportError);
		const problems = (error as JsonlImportError).problems;
		expect(problems.map((p) => p.split(':')[0])).toEqual([
			'line 2',
			'line 3',
			'line 4',
			'line 5',
			'line 6',
			'line 7',
			'line 9'
		]);
		expect(problems[0]).toBe('line 2: not JSON');
		expect(problems[2]).toContain('answer');
		expect(problems[3]).toContain('does not compile');
		expect(problems[4]).toContain('not one of A-D');
		expect(problems[6]).toContain('used twice');
		expect((error as Error).message).toMatch(/^This file is not a quality set: line 2: not JSON; /);
	});

	it('refuses an empty file', () => {
		expect(() => parseJsonl('\n\n', 'empty.jsonl')).toThrow(/it has no items/);
	});
});
