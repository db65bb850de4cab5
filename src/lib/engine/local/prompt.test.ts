import { describe, expect, it } from 'vitest';
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { buildInputs, NoChatTemplateError } from './prompt';

// The smallest tokenizer stand-in buildInputs reads: whether a template exists, and what it was asked.
function tokenizer(chatTemplate: string | null) {
	const calls: string[] = [];
	const fake = Object.assign(
		(text: string) => (calls.push(`tokenize:${text}`), { input_ids: {}, attention_mask: {} }),
		{
			chat_template: chatTemplate,
			apply_chat_template: () => (calls.push('template'), { input_ids: {}, attention_mask: {} })
		}
	);
	return { tokenizer: fake as unknown as PreTrainedTokenizer, calls };
}

describe('buildInputs', () => {
	it('formats chat through the model template when it has one', () => {
		const { tokenizer: t, calls } = tokenizer('{{ messages }}');
		buildInputs(t, { mode: 'chat', messages: [{ role: 'user', content: 'Hi' }] });
		expect(calls).toEqual(['template']);
	});

	it('refuses chat on a model without a template instead of inventing a transcript', () => {
		const { tokenizer: t, calls } = tokenizer(null);
		expect(() => buildInputs(t, { mode: 'chat', messages: [{ role: 'user', content: 'Hi' }] })).toThrow(
			NoChatTemplateError
		);
		expect(calls).toEqual([]);
		expect(new NoChatTemplateError()).toMatchObject({
			name: 'NoChatTemplateError',
			message: expect.stringMatching(/Use plain completion/)
		});
	});

	it('tokenizes plain completion as written', () => {
		const { tokenizer: t, calls } = tokenizer(null);
		buildInputs(t, { mode: 'completion', prompt: 'Once upon' });
		expect(calls).toEqual(['tokenize:Once upon']);
	});
});
