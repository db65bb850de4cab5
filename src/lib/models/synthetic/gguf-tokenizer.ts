// The synthetic tokenizer as GGUF metadata (llama.cpp's `gpt2` BPE vocabulary): the same ids, byte-level
// token texts and merges as the ONNX twins' tokenizer.json, so token ids mean the same on both runtimes.
//
// One difference, on purpose: llama.cpp's server code (wllama streams through it) turns each streamed
// token into JSON and throws "invalid UTF-8 byte" on a token whose bytes are not valid UTF-8 on their
// own, a lone byte of a multi-byte character. Random weights emit such tokens all the time (most of a
// twin's merged tokens are arbitrary byte strings), so in the GGUF vocabulary each of them is renamed to
// a plain placeholder `<bN>` (N = its id) that decodes to valid text. Their ids, embeddings and the
// merges stay as they are; only text that needs one of those tokens as a final piece tokenizes
// differently (llama.cpp falls back to byte tokens that exist, dropping the rest).
import { BYTE_TO_CHAR } from './byte-level';
import type { ModelShape } from './shapes';
import { buildTokenizerFiles } from './tokenizer';

/** llama.cpp's llama_token_type. */
export const TOKEN_TYPE = { NORMAL: 1, UNKNOWN: 2, CONTROL: 3, USER_DEFINED: 4, UNUSED: 5, BYTE: 6 } as const;

export interface GgufVocabulary {
	/** llama.cpp's pre-tokenizer name (`tokenizer.ggml.pre`), matching the tokenizer.json's split. */
	pre: 'gpt-2' | 'llama-bpe';
	tokens: string[];
	tokenTypes: number[];
	/** "left right" pairs, rank order. */
	merges: string[];
	bosTokenId: number;
	eosTokenId: number;
	addBosToken: boolean;
	chatTemplate: string;
	/** Ids whose text was replaced by a placeholder (not valid UTF-8 on their own). */
	renamed: number[];
}

export class GgufTokenizerError extends Error {
	override name = 'GgufTokenizerError';
}

const CHAR_TO_BYTE = new Map(BYTE_TO_CHAR.map((char, byte) => [char, byte]));
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The bytes a byte-level token stands for. */
export function byteLevelToBytes(token: string): Uint8Array {
	const out = new Uint8Array(token.length);
	for (let i = 0; i < token.length; i++) {
		const byte = CHAR_TO_BYTE.get(token[i]!);
		if (byte === undefined) throw new GgufTokenizerError(`Token ${JSON.stringify(token)} is not byte-level text.`);
		out[i] = byte;
	}
	return out;
}

export function isValidUtf8(bytes: Uint8Array): boolean {
	try {
		strictUtf8.decode(bytes);
		return true;
	} catch {
		return false;
	}
}

export function placeholderFor(id: number): string {
	return `<b${id}>`;
}

export function buildGgufVocabulary(shape: ModelShape): GgufVocabulary {
	const files = buildTokenizerFiles(shape);
	const json = files['tokenizer.json'] as {
		added_tokens: { id: number; content: string }[];
		model: { vocab: Record<string, number>; merges: [string, string][] };
	};
	const config = files['tokenizer_config.json'] as { chat_template: string };
	const tokens = new Array<string>(shape.vocabSize);
	const tokenTypes = new Array<number>(shape.vocabSize).fill(TOKEN_TYPE.NORMAL);
	for (const [text, id] of Object.entries(json.model.vocab)) tokens[id] = text;
	const specialIds = new Set<number>();
	for (const { id, content } of json.added_tokens) {
		tokens[id] = content;
		tokenTypes[id] = TOKEN_TYPE.CONTROL;
		specialIds.add(id);
	}
	const taken = new Set(tokens);
	const renamed: number[] = [];
	for (let id = 0; id < tokens.length; id++) {
		const token = tokens[id];
		if (token === undefined)
			throw new GgufTokenizerError(`Token id ${id} has no text in the tokenizer of "${shape.name}".`);
		if (specialIds.has(id) || isValidUtf8(byteLevelToBytes(token))) continue;
		const placeholder = placeholderFor(id);
		if (taken.has(placeholder))
			throw new GgufTokenizerError(
				`Placeholder ${placeholder} is already a token of "${shape.name}"; change placeholderFor().`
			);
		tokens[id] = placeholder;
		taken.add(placeholder);
		renamed.push(id);
	}
	const llama3 = shape.bosTokenId === shape.vocabSize - 256;
	return {
		pre: llama3 ? 'llama-bpe' : 'gpt-2',
		tokens,
		tokenTypes,
		merges: json.model.merges.map(([a, b]) => `${a} ${b}`),
		bosTokenId: shape.bosTokenId,
		eosTokenId: shape.eosTokenId,
		addBosToken: llama3,
		chatTemplate: config.chat_template,
		renamed
	};
}
