// The synthetic models' tokenizer: byte-level BPE in the Hugging Face tokenizer.json format that
// transformers.js v4 (@huggingface/tokenizers) loads. Byte-level means every UTF-8 byte is a token, so
// any text (emoji, CJK, control characters, combining marks) encodes and decodes back exactly, and no
// normalizer runs. The vocabulary is special tokens + 256 byte tokens + merges, exactly
// shape.vocabSize entries, laid out like the real model the shape copies:
//   ChatML (tiny, SmolLM2 twins): <|endoftext|> 0, <|im_start|> 1, <|im_end|> 2, then bytes and merges;
//     SmolLM2-Instruct's chat template and special tokens.
//   Llama 3 (bos = vocabSize - 256): bytes and merges at 0..vocab-257, then 256 special tokens named as
//     in Llama 3.2 (<|begin_of_text|> 128000 ... <|eot_id|> 128009, reserved ones), a Llama 3 template.
// Isomorphic (no Node API) and deterministic: the same shape always gives the same JSON.
import { BYTE_TOKENS_IN_VOCAB_ORDER } from './byte-level';
import { buildMerges } from './bpe-merges';
import type { ModelShape } from './shapes';
import { TOKENIZER_CORPUS } from './tokenizer-corpus';

export type TokenizerFileName = 'tokenizer.json' | 'tokenizer_config.json' | 'special_tokens_map.json';

export class TokenizerShapeError extends Error {
	override name = 'TokenizerShapeError';
}

interface SpecialToken {
	id: number;
	content: string;
}

interface Layout {
	family: 'chatml' | 'llama3';
	specials: SpecialToken[];
	/** Id of the first byte token; regular tokens are contiguous from here. */
	firstRegularId: number;
	chatTemplate: string;
}

// SmolLM2-135M-Instruct's tokenizer_config.json chat_template, verbatim.
const CHATML_TEMPLATE =
	"{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system\\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\\n' }}{% endif %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

// Meta-Llama-3-Instruct's chat_template (3.2's adds tool calling and a dated system header; the turn
// format, which is what matters for speed and token counts, is the same).
const LLAMA3_TEMPLATE =
	"{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}";

const LLAMA3_NAMED: Record<number, string> = {
	0: '<|begin_of_text|>',
	1: '<|end_of_text|>',
	4: '<|finetune_right_pad_id|>',
	6: '<|start_header_id|>',
	7: '<|end_header_id|>',
	8: '<|eom_id|>',
	9: '<|eot_id|>',
	10: '<|python_tag|>'
};

function layoutFor(shape: ModelShape): Layout {
	const llama3Start = shape.vocabSize - 256;
	if (shape.bosTokenId === llama3Start) {
		let reserved = 0;
		const specials = Array.from({ length: 256 }, (_, i) => ({
			id: llama3Start + i,
			content: LLAMA3_NAMED[i] ?? `<|reserved_special_token_${reserved++}|>`
		}));
		return { family: 'llama3', specials, firstRegularId: 0, chatTemplate: LLAMA3_TEMPLATE };
	}
	const specials = ['<|endoftext|>', '<|im_start|>', '<|im_end|>'].map((content, id) => ({ id, content }));
	return { family: 'chatml', specials, firstRegularId: specials.length, chatTemplate: CHATML_TEMPLATE };
}

function contentOf(layout: Layout, id: number, role: string, shape: ModelShape): string {
	const token = layout.specials.find((s) => s.id === id);
	if (!token)
		throw new TokenizerShapeError(
			`Shape "${shape.name}" has ${role} id ${id}, which is not a special token of its ${layout.family} ` +
				`tokenizer (${layout.specials[0]?.id}..${layout.specials.at(-1)?.id}); use one of those ids.`
		);
	return token.content;
}

const addedToken = (s: SpecialToken) => ({
	id: s.id,
	content: s.content,
	single_word: false,
	lstrip: false,
	rstrip: false,
	normalized: false,
	special: true
});

/** A special token as special_tokens_map.json gives it: matched exactly, never stripped or normalised. */
export function specialTokenEntry(content: string) {
	return { content, lstrip: false, normalized: false, rstrip: false, single_word: false };
}

/** tokenizer.json, tokenizer_config.json and special_tokens_map.json for a shape, as JSON objects. */
export function buildTokenizerFiles(shape: ModelShape): Record<TokenizerFileName, object> {
	const layout = layoutFor(shape);
	const regularCount = shape.vocabSize - layout.specials.length;
	const mergeCount = regularCount - BYTE_TOKENS_IN_VOCAB_ORDER.length;
	if (mergeCount < 0)
		throw new TokenizerShapeError(
			`Shape "${shape.name}" has vocabSize ${shape.vocabSize}, too small for ${layout.specials.length} special ` +
				`tokens and 256 byte tokens; use a vocabSize of at least ${layout.specials.length + 256}.`
		);
	const bos = contentOf(layout, shape.bosTokenId, 'bosTokenId', shape);
	const eos = contentOf(layout, shape.eosTokenId, 'eosTokenId', shape);

	const specialContents = layout.specials.map((s) => s.content);
	const { merges, newTokens } = buildMerges(TOKENIZER_CORPUS, BYTE_TOKENS_IN_VOCAB_ORDER, specialContents, mergeCount);
	const vocab: Record<string, number> = {};
	// Real ChatML tokenizers list their special tokens in the model vocabulary too; Llama 3's do not.
	if (layout.family === 'chatml') for (const s of layout.specials) vocab[s.content] = s.id;
	[...BYTE_TOKENS_IN_VOCAB_ORDER, ...newTokens].forEach((token, i) => (vocab[token] = layout.firstRegularId + i));

	const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
	const tokenizerJson = {
		version: '1.0',
		truncation: null,
		padding: null,
		added_tokens: layout.specials.map(addedToken),
		normalizer: null,
		pre_tokenizer: layout.family === 'chatml' ? byteLevel : llama3PreTokenizer(),
		post_processor:
			layout.family === 'chatml' ? { ...byteLevel, trim_offsets: false } : llama3PostProcessor(bos, shape.bosTokenId),
		decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
		model: {
			type: 'BPE',
			dropout: null,
			unk_token: null,
			continuing_subword_prefix: null,
			end_of_word_suffix: null,
			fuse_unk: false,
			byte_fallback: false,
			ignore_merges: layout.family === 'llama3',
			vocab,
			merges
		}
	};

	const extraSpecials = layout.family === 'chatml' ? ['<|im_start|>', '<|im_end|>'] : [];
	const tokenizerConfig = {
		added_tokens_decoder: Object.fromEntries(
			layout.specials.map((s) => [String(s.id), (({ id: _, ...rest }) => rest)(addedToken(s))])
		),
		...(extraSpecials.length ? { additional_special_tokens: extraSpecials } : {}),
		bos_token: bos,
		eos_token: eos,
		// ChatML pads with EOS like SmolLM2; Llama 3 has no pad token (transformers.js then uses EOS).
		...(layout.family === 'chatml' ? { pad_token: eos, unk_token: '<|endoftext|>' } : {}),
		chat_template: layout.chatTemplate,
		// Off: cleaning would turn "a ." into "a." and break the exact round trip.
		clean_up_tokenization_spaces: false,
		model_input_names: ['input_ids', 'attention_mask'],
		model_max_length: shape.maxPositionEmbeddings,
		tokenizer_class: layout.family === 'chatml' ? 'GPT2Tokenizer' : 'PreTrainedTokenizerFast',
		vocab_size: shape.vocabSize
	};

	const specialTokensMap = {
		...(extraSpecials.length ? { additional_special_tokens: extraSpecials } : {}),
		bos_token: specialTokenEntry(bos),
		eos_token: specialTokenEntry(eos),
		...(layout.family === 'chatml'
			? { pad_token: specialTokenEntry(eos), unk_token: specialTokenEntry('<|endoftext|>') }
			: {})
	};

	return {
		'tokenizer.json': tokenizerJson,
		'tokenizer_config.json': tokenizerConfig,
		'special_tokens_map.json': specialTokensMap
	};
}

// Llama 3's split: letters with one leading non-letter, digits in groups of up to 3, punctuation runs.
const LLAMA3_SPLIT =
	"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

function llama3PreTokenizer() {
	return {
		type: 'Sequence',
		pretokenizers: [
			{ type: 'Split', pattern: { Regex: LLAMA3_SPLIT }, behavior: 'Isolated', invert: false },
			{ type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false }
		]
	};
}

/** Prepends BOS to every encoded sequence, as Llama 3's tokenizer does. */
function llama3PostProcessor(bos: string, bosId: number) {
	const bosPiece = { SpecialToken: { id: bos, type_id: 0 } };
	return {
		type: 'Sequence',
		processors: [
			{ type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true },
			{
				type: 'TemplateProcessing',
				single: [bosPiece, { Sequence: { id: 'A', type_id: 0 } }],
				pair: [
					bosPiece,
					{ Sequence: { id: 'A', type_id: 0 } },
					{ SpecialToken: { id: bos, type_id: 1 } },
					{ Sequence: { id: 'B', type_id: 1 } }
				],
				special_tokens: { [bos]: { id: bos, ids: [bosId], tokens: [bos] } }
			}
		]
	};
}
