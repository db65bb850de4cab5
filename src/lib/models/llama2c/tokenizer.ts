// llama2.c's tokenizer file (tok512.bin, tokenizer.bin) as a Hugging Face tokenizer.json and as GGUF
// tokenizer metadata. Isomorphic (no Node API) and deterministic.
//
// The file: int32 max_token_length, then per token a float32 score, an int32 byte length and the
// UTF-8 bytes. It is a SentencePiece BPE vocabulary with byte fallback, exported by llama2.c's
// tokenizer.py, which wrote <s> and </s> as "\n<s>\n" and "\n</s>\n" and SentencePiece's "▁" as a space;
// both are undone here. Ids 0-2 are <unk>, <s>, </s>; byte tokens are "<0xNN>".
//
// SentencePiece BPE (and llama2.c's encoder) merges, at each step, the adjacent pair whose joined piece
// has the highest score. A Hugging Face BPE model merges the pair of lowest rank instead, so the merges
// are derived as Hugging Face's SentencePieceExtractor does: every split of a piece into two pieces of
// the vocabulary is a merge, ranked by the joined piece's score (highest first). Around the model, what
// Hugging Face's Llama tokenizers (LlamaConverter, legacy = false) have: a Metaspace pre-tokenizer
// ("▁" for spaces, one prepended to the first word, no split), BOS added by the post-processor, and the
// decoder Replace("▁", " "), ByteFallback, Fuse, Strip(one leading space). One known difference from
// SentencePiece (and llama.cpp): Metaspace prepends no "▁" to a text that already starts with a space,
// so a leading space is lost in the round trip there; any other text round-trips exactly.
//
// GGUF: llama.cpp's SPM tokenizer (`tokenizer.ggml.model` = "llama") merges by the scores itself, so the
// file carries tokens, scores and types (normal 1, unknown 2, control 3, byte 6).
import type { GgufValue } from '../synthetic/gguf-format';
import { specialTokenEntry } from '../synthetic/tokenizer';

export const SPIECE_SPACE = '\u2581';
const SPECIALS = ['<unk>', '<s>', '</s>'] as const;
const BYTE_TOKEN = /^<0x[0-9A-F]{2}>$/;

/** llama.cpp's llama_token_type. */
const TOKEN_TYPE = { NORMAL: 1, UNKNOWN: 2, CONTROL: 3, BYTE: 6 } as const;

export class Llama2cTokenizerError extends Error {
	override name = 'Llama2cTokenizerError';
}

export interface SpmPiece {
	/** As SentencePiece writes it: "▁" for a space, "<0x0A>" for a byte, "<s>" for BOS. */
	piece: string;
	score: number;
	kind: 'unknown' | 'control' | 'byte' | 'normal';
}

export interface SpmVocabulary {
	pieces: SpmPiece[];
	unkId: 0;
	bosId: 1;
	eosId: 2;
}

export function readLlama2cTokenizer(bytes: Uint8Array, vocabSize: number): SpmVocabulary {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const utf8 = new TextDecoder('utf-8', { fatal: true });
	const pieces: SpmPiece[] = [];
	let offset = 4; // max_token_length: not needed
	for (let id = 0; id < vocabSize; id++) {
		if (offset + 8 > bytes.byteLength)
			throw new Llama2cTokenizerError(
				`The tokenizer file ends after ${id} tokens; the checkpoint's vocabulary has ${vocabSize}. Use the tokenizer the model was trained with.`
			);
		const score = view.getFloat32(offset, true);
		const length = view.getInt32(offset + 4, true);
		offset += 8;
		if (length < 0 || offset + length > bytes.byteLength)
			throw new Llama2cTokenizerError(`Token ${id} claims ${length} bytes, past the end of the tokenizer file.`);
		let text: string;
		try {
			text = utf8.decode(bytes.subarray(offset, offset + length));
		} catch {
			throw new Llama2cTokenizerError(
				`Token ${id} is not valid UTF-8; a SentencePiece vocabulary keeps raw bytes as <0xNN> tokens.`
			);
		}
		offset += length;
		if (id < SPECIALS.length) {
			pieces.push({ piece: SPECIALS[id]!, score, kind: id === 0 ? 'unknown' : 'control' });
			continue;
		}
		const piece = text.replaceAll(' ', SPIECE_SPACE);
		pieces.push({ piece, score, kind: BYTE_TOKEN.test(piece) ? 'byte' : 'normal' });
	}
	if (offset !== bytes.byteLength)
		throw new Llama2cTokenizerError(
			`The tokenizer file holds more than the checkpoint's ${vocabSize} tokens; use the tokenizer the model was trained with.`
		);
	const seen = new Set<string>();
	for (const { piece } of pieces) {
		if (seen.has(piece)) throw new Llama2cTokenizerError(`The piece ${JSON.stringify(piece)} appears twice.`);
		seen.add(piece);
	}
	return { pieces, unkId: 0, bosId: 1, eosId: 2 };
}

/**
 * Merges as Hugging Face's SentencePieceExtractor derives them: every split of a normal piece into two
 * normal pieces, ranked by the joined piece's score (highest first), then by the parts' ids.
 */
export function spmMerges(vocab: SpmVocabulary): [string, string][] {
	const ids = new Map(vocab.pieces.filter((p) => p.kind === 'normal').map((p) => [p.piece, vocab.pieces.indexOf(p)]));
	const merges: { left: string; right: string; score: number; leftId: number; rightId: number }[] = [];
	for (const { piece, score, kind } of vocab.pieces) {
		if (kind !== 'normal') continue;
		const chars = Array.from(piece); // split between code points, never inside a surrogate pair
		for (let i = 1; i < chars.length; i++) {
			const left = chars.slice(0, i).join('');
			const right = chars.slice(i).join('');
			const leftId = ids.get(left);
			const rightId = ids.get(right);
			if (leftId !== undefined && rightId !== undefined) merges.push({ left, right, score, leftId, rightId });
		}
	}
	merges.sort((a, b) => b.score - a.score || a.leftId - b.leftId || a.rightId - b.rightId);
	return merges.map((m) => [m.left, m.right]);
}

function addedToken(id: number, content: string) {
	return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true };
}

/** tokenizer.json, tokenizer_config.json and special_tokens_map.json, with no chat template. */
export function spmTokenizerFiles(vocab: SpmVocabulary, maxLength: number): Record<string, unknown> {
	const [unk, bos, eos] = SPECIALS;
	const tokenizerJson = {
		version: '1.0',
		truncation: null,
		padding: null,
		added_tokens: SPECIALS.map((content, id) => addedToken(id, content)),
		normalizer: null,
		pre_tokenizer: { type: 'Metaspace', replacement: SPIECE_SPACE, prepend_scheme: 'first', split: false },
		post_processor: {
			type: 'TemplateProcessing',
			single: [{ SpecialToken: { id: bos, type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
			pair: [
				{ SpecialToken: { id: bos, type_id: 0 } },
				{ Sequence: { id: 'A', type_id: 0 } },
				{ SpecialToken: { id: bos, type_id: 1 } },
				{ Sequence: { id: 'B', type_id: 1 } }
			],
			special_tokens: { [bos]: { id: bos, ids: [vocab.bosId], tokens: [bos] } }
		},
		decoder: {
			type: 'Sequence',
			decoders: [
				{ type: 'Replace', pattern: { String: SPIECE_SPACE }, content: ' ' },
				{ type: 'ByteFallback' },
				{ type: 'Fuse' },
				{ type: 'Strip', content: ' ', start: 1, stop: 0 }
			]
		},
		model: {
			type: 'BPE',
			dropout: null,
			unk_token: unk,
			continuing_subword_prefix: null,
			end_of_word_suffix: null,
			fuse_unk: true,
			byte_fallback: true,
			ignore_merges: false,
			vocab: Object.fromEntries(vocab.pieces.map((p, id) => [p.piece, id])),
			merges: spmMerges(vocab)
		}
	};
	const tokenizerConfig = {
		add_bos_token: true,
		add_eos_token: false,
		added_tokens_decoder: Object.fromEntries(
			SPECIALS.map((content, id) => [String(id), (({ id: _, ...rest }) => rest)(addedToken(id, content))])
		),
		bos_token: bos,
		eos_token: eos,
		unk_token: unk,
		pad_token: null,
		// No chat_template: the model continues text; it was never taught a conversation format.
		clean_up_tokenization_spaces: false,
		legacy: false,
		model_max_length: maxLength,
		sp_model_kwargs: {},
		tokenizer_class: 'LlamaTokenizer',
		use_default_system_prompt: false
	};
	const specialTokensMap = {
		bos_token: specialTokenEntry(bos),
		eos_token: specialTokenEntry(eos),
		unk_token: specialTokenEntry(unk)
	};
	return {
		'tokenizer.json': tokenizerJson,
		'tokenizer_config.json': tokenizerConfig,
		'special_tokens_map.json': specialTokensMap
	};
}

/** The `tokenizer.ggml.*` keys for llama.cpp's SPM tokenizer; no `tokenizer.chat_template`. */
export function spmGgufMetadata(vocab: SpmVocabulary): [string, GgufValue][] {
	const u32 = (value: number) => ({ type: 'u32', value }) as const;
	const types = {
		unknown: TOKEN_TYPE.UNKNOWN,
		control: TOKEN_TYPE.CONTROL,
		byte: TOKEN_TYPE.BYTE,
		normal: TOKEN_TYPE.NORMAL
	};
	return [
		['tokenizer.ggml.model', { type: 'string', value: 'llama' }],
		['tokenizer.ggml.tokens', { type: 'string[]', value: vocab.pieces.map((p) => p.piece) }],
		['tokenizer.ggml.scores', { type: 'f32[]', value: vocab.pieces.map((p) => p.score) }],
		['tokenizer.ggml.token_type', { type: 'i32[]', value: vocab.pieces.map((p) => types[p.kind]) }],
		['tokenizer.ggml.bos_token_id', u32(vocab.bosId)],
		['tokenizer.ggml.eos_token_id', u32(vocab.eosId)],
		['tokenizer.ggml.unknown_token_id', u32(vocab.unkId)],
		['tokenizer.ggml.add_bos_token', { type: 'bool', value: true }],
		['tokenizer.ggml.add_eos_token', { type: 'bool', value: false }],
		['tokenizer.ggml.add_space_prefix', { type: 'bool', value: true }]
	];
}
