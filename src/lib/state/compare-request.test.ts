import { describe, expect, it } from 'vitest';
import { buildCompareRequest, EmptyPromptError } from './compare-request';

describe('buildCompareRequest', () => {
	it('builds a greedy chat request with an optional system message', () => {
		expect(
			buildCompareRequest({
				prompt: 'Why is the sky blue?',
				mode: 'chat',
				maxNewTokens: 32,
				systemPrompt: '  Be brief. '
			})
		).toEqual({
			input: {
				mode: 'chat',
				messages: [
					{ role: 'system', content: 'Be brief.' },
					{ role: 'user', content: 'Why is the sky blue?' }
				]
			},
			maxNewTokens: 32,
			temperature: 0
		});
		expect(buildCompareRequest({ prompt: 'x', mode: 'chat', maxNewTokens: 8, systemPrompt: '   ' }).input).toEqual({
			mode: 'chat',
			messages: [{ role: 'user', content: 'x' }]
		});
	});

	it('keeps a completion prompt exactly as typed, whitespace included', () => {
		expect(buildCompareRequest({ prompt: 'Once upon a time ', mode: 'completion', maxNewTokens: 16 }).input).toEqual({
			mode: 'completion',
			prompt: 'Once upon a time '
		});
	});

	it('clamps the token budget to 1..4096 and refuses an empty prompt', () => {
		expect(buildCompareRequest({ prompt: 'x', mode: 'completion', maxNewTokens: 0 }).maxNewTokens).toBe(1);
		expect(buildCompareRequest({ prompt: 'x', mode: 'completion', maxNewTokens: 1e9 }).maxNewTokens).toBe(4096);
		expect(buildCompareRequest({ prompt: 'x', mode: 'completion', maxNewTokens: Number.NaN }).maxNewTokens).toBe(64);
		expect(() => buildCompareRequest({ prompt: ' \n ', mode: 'chat', maxNewTokens: 8 })).toThrow(EmptyPromptError);
	});
});
