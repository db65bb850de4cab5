// Turns a GenerateInput into model inputs: chat goes through the model's chat template (instruct models),
// completion is tokenized as is. A model without a chat template has no format its training knows for a
// conversation, so chat there is refused with a clear error rather than guessed at: an invented
// "user: ...\nassistant:" transcript would run, and be measured, as something the person did not ask for.
import type { PreTrainedTokenizer, Tensor } from '@huggingface/transformers';
import type { GenerateInput } from '../types';

export interface ModelInputs {
	input_ids: Tensor;
	attention_mask: Tensor;
}

export class NoChatTemplateError extends Error {
	override name = 'NoChatTemplateError';
	constructor() {
		super(
			'This model has no chat template, so a conversation cannot be formatted for it. ' +
				'Use plain completion (the prompt is then sent as written), or pick a model with a chat template.'
		);
	}
}

export function hasChatTemplate(tokenizer: PreTrainedTokenizer): boolean {
	return Boolean(tokenizer.chat_template);
}

export function buildInputs(tokenizer: PreTrainedTokenizer, input: GenerateInput): ModelInputs {
	if (input.mode === 'completion') {
		return tokenizer(input.prompt, { add_special_tokens: true }) as ModelInputs;
	}
	if (!hasChatTemplate(tokenizer)) throw new NoChatTemplateError();
	return tokenizer.apply_chat_template(input.messages, {
		add_generation_prompt: true,
		return_dict: true
	}) as unknown as ModelInputs;
}
