import { describe, expect, it } from 'vitest';
import { SUITES, UnknownSuiteError, getSuite, suiteCases, promptCase } from './suite';

describe('prompt suites', () => {
	it('are greedy, fixed-length and ask for exactly maxNewTokens', () => {
		for (const suite of SUITES)
			for (const c of suite.cases) {
				expect(c.request.temperature).toBe(0);
				expect(c.request.ignoreEos).toBe(true);
				expect(c.request.maxNewTokens).toBe(c.maxNewTokens);
				expect(c.id).toBe(`${c.inputSize}-${c.maxNewTokens}`);
			}
	});

	it('has strictly growing input sizes', () => {
		const len = (size: 'short' | 'medium' | 'long') => {
			const input = promptCase(size, 1).request.input;
			return input.mode === 'chat' ? input.messages.map((m) => m.content).join('').length : 0;
		};
		expect(len('short')).toBeLessThan(len('medium'));
		expect(len('medium')).toBeLessThan(len('long'));
	});

	it('the standard suite crosses three inputs with three outputs, ids unique', () => {
		const ids = getSuite('standard').cases.map((c) => c.id);
		expect(ids).toHaveLength(9);
		expect(new Set(ids).size).toBe(9);
	});

	it('is deterministic: the same case gives the same request', () => {
		expect(promptCase('long', 64)).toEqual(promptCase('long', 64));
	});

	it('names the known suites when asked for an unknown one', () => {
		expect(() => getSuite('nope')).toThrow(UnknownSuiteError);
		expect(() => getSuite('nope')).toThrow(/quick, standard/);
	});

	it('gives the same inputs as plain completion, for a model without a chat template', () => {
		const suite = getSuite('quick');
		const cases = suiteCases(suite, 'completion');
		expect(cases.map((c) => c.id)).toEqual(suite.cases.map((c) => c.id));
		for (const [i, c] of cases.entries()) {
			const { input, ...rest } = suite.cases[i]!.request;
			const user = input.mode === 'chat' ? input.messages.at(-1)?.content : undefined;
			expect(user).toBeTruthy();
			expect(c.request).toEqual({ ...rest, input: { mode: 'completion', prompt: user } });
		}
		expect(suiteCases(suite, 'chat')).toBe(suite.cases);
	});
});
