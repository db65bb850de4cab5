// The prompts every engine gets: a short one for decode speed and one of exactly `longTokens` tokens (as
// the model's own tokenizer counts them) for TTFT. Text, not ids, because LocalEngine takes text; every
// engine reports the token count it actually saw.
import { AutoTokenizer, env } from '@huggingface/transformers';

export const SHORT_PROMPT = 'The quick brown fox jumps over the lazy dog. Once upon a time,';

const FILLER =
	'Edge devices run small language models while the cloud serves large ones; measuring both on the same prompt shows which is faster, cheaper and more available for a given task.';

export async function buildLongPrompt(
	modelsDir: string,
	modelId: string,
	longTokens: number
): Promise<{ text: string; tokens: number }> {
	env.localModelPath = modelsDir.endsWith('/') ? modelsDir : `${modelsDir}/`;
	env.allowRemoteModels = false;
	const tokenizer = await AutoTokenizer.from_pretrained(modelId);
	const count = (text: string) => tokenizer(text, { add_special_tokens: true }).input_ids.dims.at(-1) ?? 0;
	const words: string[] = [];
	while (count(words.join(' ')) < longTokens) words.push(...FILLER.split(' '));
	// Fewest words reaching the target, found by bisection (token count grows with word count).
	let lo = 1;
	let hi = words.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (count(words.slice(0, mid).join(' ')) >= longTokens) hi = mid;
		else lo = mid + 1;
	}
	const text = words.slice(0, lo).join(' ');
	return { text, tokens: count(text) };
}
