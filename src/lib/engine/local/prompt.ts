// Turns a GenerateInput into model inputs: chat goes through the model's chat template (instruct models),
// completion is tokenized as is. A model without a chat template gets a plain "role: content" transcript
// so chat still works on synthetic models.
import type { PreTrainedTokenizer, Tensor } from '@huggingface/transformers';
import type { GenerateInput } from '../types';

export interface ModelInputs {
	input_ids: Tensor;
	attention_mask: Tensor;
}

export function buildInputs(tokenizer: PreTrainedTokenizer, input: GenerateInput): ModelInputs {
	if (input.mode === 'completion') {
		return tokenizer(input.prompt, { add_special_tokens: true }) as ModelInputs;
	}
	if (tokenizer.chat_template) {
		return tokenizer.apply_chat_template(input.messages, {
			add_generation_prompt: true,
			return_dict: true
		}) as unknown as ModelInputs;
	}
	const transcript = input.messages.map((m) => `${m.role}: ${m.content}`).join('\n') + '\nassistant:';
	return tokenizer(transcript, { add_special_tokens: true }) as ModelInputs;
}
