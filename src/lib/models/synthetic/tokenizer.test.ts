import fc from 'fast-check';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHAPES, type ModelShape, type ShapeName } from './shapes';
import { TokenizerShapeError, buildTokenizerFiles } from './tokenizer';
import { LONG_PROPERTIES } from '../../../../tests/fast-check-setup';

const SYSTEM_DEFAULT = 'You are a helpful AI assistant named SmolLM, trained by Hugging Face';
let root: string;
const tokenizers = new Map<ShapeName, PreTrainedTokenizer>();

/** Loads a shape's files from disk with transformers.js, the way the app and the tests' models do. */
async function load(name: ShapeName): Promise<PreTrainedTokenizer> {
	const cached = tokenizers.get(name);
	if (cached) return cached;
	const dir = join(root, name);
	mkdirSync(dir, { recursive: true });
	for (const [file, json] of Object.entries(buildTokenizerFiles(SHAPES[name])))
		writeFileSync(join(dir, file), JSON.stringify(json));
	const tokenizer = await AutoTokenizer.from_pretrained(name);
	tokenizers.set(name, tokenizer);
	return tokenizer;
}

const encode = (t: PreTrainedTokenizer, text: string) => t.encode(text, { add_special_tokens: false });

/**
 * Every id in the long run; by default the specials, byte tokens and first merges (the first 512 ids),
 * the last 512, and a random 2,000 between: a short run that still reaches every region of the vocabulary.
 */
function idsToDecode(vocabSize: number): number[] {
	const all = Array.from({ length: vocabSize }, (_, id) => id);
	if (LONG_PROPERTIES || vocabSize <= 3024) return all;
	const middle = fc.sample(fc.integer({ min: 512, max: vocabSize - 513 }), 2000);
	return [...all.slice(0, 512), ...middle, ...all.slice(-512)];
}

beforeAll(() => {
	root = mkdtempSync(join(tmpdir(), 'edgewise-tokenizer-'));
	env.allowRemoteModels = false;
	env.allowLocalModels = true;
	env.localModelPath = root + '/';
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.each(['tiny', 'llama-3.2-1b'] as const)('%s tokenizer round trip', (name) => {
	it('decodes what it encodes, for any Unicode text', async () => {
		const t = await load(name);
		const roundTrip = (text: string) => {
			const ids = encode(t, text);
			expect(ids.length === 0 ? '' : t.decode(ids)).toBe(text);
		};
		for (const unit of ['binary', 'grapheme'] as const)
			fc.assert(fc.property(fc.string({ unit, maxLength: 40 }), roundTrip));
		// Strings built from the hard cases: controls, combining marks, emoji sequences, CJK, BOM, specials.
		const hard = [
			'\u0000',
			'\t',
			'\r\n',
			'\u001b[0m',
			'e\u0301',
			'👩‍👩‍👧',
			'🇫🇷',
			'漢字かな',
			'\ufeff',
			' ',
			'  ',
			' .',
			"n't",
			'<|im_end|>',
			'<|eot_id|>',
			'\u{10ffff}'
		];
		fc.assert(fc.property(fc.array(fc.constantFrom(...hard), { maxLength: 12 }), (parts) => roundTrip(parts.join(''))));
		expect(encode(t, '')).toEqual([]);
	});
});

describe('tokenizer vocabulary', () => {
	it.each(Object.keys(SHAPES) as ShapeName[])('%s: exactly vocabSize ids, each decodes to a string', async (name) => {
		const t = await load(name);
		const shape: ModelShape = SHAPES[name];
		const vocab = t.get_vocab();
		expect(vocab.size).toBe(shape.vocabSize);
		expect([...vocab.values()].sort((a, b) => a - b)).toEqual(Array.from({ length: shape.vocabSize }, (_, i) => i));
		for (const id of idsToDecode(shape.vocabSize)) {
			const text = t.decode([id]);
			expect(typeof text).toBe('string');
			if (text.length === 0) throw new Error(`id ${id} decodes to an empty string`);
		}
	});

	it('has only valid merges: both parts and the result are tokens', () => {
		for (const shape of [SHAPES.tiny, SHAPES['smollm2-135m']]) {
			const { vocab, merges } = (
				buildTokenizerFiles(shape)['tokenizer.json'] as {
					model: { vocab: Record<string, number>; merges: [string, string][] };
				}
			).model;
			for (const [a, b] of merges) {
				if (!(a in vocab && b in vocab && a + b in vocab)) throw new Error(`invalid merge ${a} + ${b}`);
			}
		}
	});

	it('makes common words single tokens', async () => {
		const t = await load('tiny');
		for (const word of [' the', ' and', ' you', ' assistant', ' user', ' system'])
			expect(encode(t, word)).toHaveLength(1);
		const sentence = 'The capital of France is Paris. How are you today?';
		expect(sentence.length / encode(t, sentence).length).toBeGreaterThan(3);
	});

	it('builds the same JSON every time', () => {
		const shapes = LONG_PROPERTIES ? Object.values(SHAPES) : [SHAPES.tiny, SHAPES['smollm2-135m']];
		for (const shape of shapes)
			expect(JSON.stringify(buildTokenizerFiles(shape))).toBe(JSON.stringify(buildTokenizerFiles(shape)));
	});

	it('rejects shapes whose special ids or vocabulary size cannot fit', () => {
		expect(() => buildTokenizerFiles({ ...SHAPES.tiny, vocabSize: 200 })).toThrow(TokenizerShapeError);
		expect(() => buildTokenizerFiles({ ...SHAPES.tiny, eosTokenId: 7 })).toThrow(/eosTokenId id 7/);
	});
});

describe('special tokens and chat template', () => {
	it('ChatML (tiny, SmolLM2): SmolLM2 special ids and template', async () => {
		for (const name of ['tiny', 'smollm2-135m'] as const) {
			const t = await load(name);
			expect([t.bos_token_id, t.eos_token_id, t.pad_token_id]).toEqual([
				SHAPES[name].bosTokenId,
				SHAPES[name].eosTokenId,
				2
			]);
			expect(encode(t, '<|endoftext|><|im_start|><|im_end|>')).toEqual([0, 1, 2]);
			expect(t.encode('hi')).toEqual(encode(t, 'hi')); // no BOS added, like SmolLM2
			const messages = [{ role: 'user', content: 'Hi there' }];
			const text = t.apply_chat_template(messages, { tokenize: false, add_generation_prompt: true });
			expect(text).toBe(
				`<|im_start|>system\n${SYSTEM_DEFAULT}<|im_end|>\n<|im_start|>user\nHi there<|im_end|>\n<|im_start|>assistant\n`
			);
			const ids = t.apply_chat_template(messages, {
				add_generation_prompt: true,
				return_tensor: false,
				return_dict: false
			}) as number[];
			expect(ids).toEqual(encode(t, text as string));
			expect(ids.filter((id) => id === 1)).toHaveLength(3);
			expect(ids.filter((id) => id === 2)).toHaveLength(2);
			const system = encode(t, 'system');
			expect(ids.slice(0, 1 + system.length)).toEqual([1, ...system]);
			expect(t.decode(ids)).toBe(text);
			const withSystem = [{ role: 'system', content: 'Be brief.' }, ...messages];
			expect(t.apply_chat_template(withSystem, { tokenize: false })).toBe(
				'<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi there<|im_end|>\n'
			);
		}
	});

	it('Llama 3: special ids at 128000+, BOS added, Llama 3 turn format', async () => {
		const t = await load('llama-3.2-1b');
		expect([t.bos_token_id, t.eos_token_id]).toEqual([128000, 128001]);
		const named =
			'<|begin_of_text|><|end_of_text|><|start_header_id|><|end_header_id|><|eot_id|><|reserved_special_token_247|>';
		expect(encode(t, named)).toEqual([128000, 128001, 128006, 128007, 128009, 128255]);
		expect(t.encode('hi')).toEqual([128000, ...encode(t, 'hi')]);
		const messages = [{ role: 'user', content: ' Hi there\n' }];
		const text = t.apply_chat_template(messages, { tokenize: false, add_generation_prompt: true });
		expect(text).toBe(
			'<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi there<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n'
		);
		const ids = t.apply_chat_template(messages, {
			add_generation_prompt: true,
			return_tensor: false,
			return_dict: false
		}) as number[];
		expect(ids[0]).toBe(128000);
		expect(ids.filter((id) => id === 128000)).toHaveLength(1);
		expect(t.decode(ids)).toBe(text);
	});
});
