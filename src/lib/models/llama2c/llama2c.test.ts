import { readFileSync } from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import { planGgufTensors, ggufRowSource } from '../synthetic/gguf';
import { readLlama2cCheckpoint, readLlama2cHeader, Llama2cFormatError, permuteRotaryRows } from './checkpoint';
import { readLlama2cTokenizer, spmTokenizerFiles, SPIECE_SPACE, type SpmVocabulary } from './tokenizer';

const checkpoint = readFileSync('assets/stories260K/stories260K.bin');
const vocab = readLlama2cTokenizer(readFileSync('assets/stories260K/tok512.bin'), 512);

/** llama2.c's run.c `encode`: dummy prefix, one piece per code point (else its bytes + 3), then merge the best-scored pair. */
function llama2cEncode(v: SpmVocabulary, text: string): number[] {
	const ids = new Map(v.pieces.map((p, id) => [p.piece, id]));
	const tokens: number[] = [];
	for (const ch of Array.from(SPIECE_SPACE + text.replaceAll(' ', SPIECE_SPACE))) {
		const id = ids.get(ch);
		if (id !== undefined) tokens.push(id);
		else for (const byte of new TextEncoder().encode(ch)) tokens.push(byte + 3);
	}
	for (;;) {
		let best = -Infinity;
		let bestAt = -1;
		let bestId = -1;
		for (let i = 0; i + 1 < tokens.length; i++) {
			const id = ids.get(v.pieces[tokens[i]!]!.piece + v.pieces[tokens[i + 1]!]!.piece);
			if (id !== undefined && v.pieces[id]!.score > best) [best, bestAt, bestId] = [v.pieces[id]!.score, i, id];
		}
		if (bestAt < 0) return tokens;
		tokens.splice(bestAt, 2, bestId);
	}
}

describe('llama2.c checkpoint', () => {
	it('reads the header', () => {
		expect(readLlama2cHeader(checkpoint)).toEqual({
			dim: 64,
			hiddenDim: 172,
			nLayers: 5,
			nHeads: 8,
			nKvHeads: 4,
			vocabSize: 512,
			seqLen: 512,
			sharedClassifier: true
		});
	});

	it('refuses a file whose size does not fit its header, or that is not a checkpoint', () => {
		expect(() => readLlama2cCheckpoint(checkpoint.subarray(0, checkpoint.length - 4), 'x')).toThrow(Llama2cFormatError);
		expect(() => readLlama2cCheckpoint(new TextEncoder().encode('ak42 is a newer export format'), 'x')).toThrow(
			/version 0/
		);
	});

	it('permutes q/k rows as Hugging Face does, and the GGUF writer puts llama2.c rows back', () => {
		// 2 heads of 4 rows, 1 column: Meta pairs (0,1),(2,3) -> halves [0,2 | 1,3].
		expect(Array.from(permuteRotaryRows(Float32Array.of(0, 1, 2, 3, 4, 5, 6, 7), 8, 1, 4))).toEqual([
			0, 2, 1, 3, 4, 6, 5, 7
		]);
		const { shape, weights } = readLlama2cCheckpoint(checkpoint, 'stories260k');
		const q = planGgufTensors(shape, 'f32').find((p) => p.name === 'blk.0.attn_q.weight')!;
		// llama2.c's wq row r of layer 0 starts right after the header, the embedding and the 5 rms_att rows.
		const start = 7 + 512 * 64 + 5 * 64;
		const raw = new Float32Array(
			checkpoint.buffer.slice(checkpoint.byteOffset, checkpoint.byteOffset + checkpoint.length)
		);
		for (const row of [0, 1, 5, 8, 63]) {
			const from = ggufRowSource(q, row, shape.headDim);
			const ggufRow = Array.from({ length: 64 }, (_, i) => weights.layers[0]!.qProj[i * 64 + from]!);
			expect(ggufRow).toEqual(Array.from(raw.subarray(start + row * 64, start + (row + 1) * 64)));
		}
	});
});

describe('llama2.c tokenizer', () => {
	it('undoes the export: specials named, spaces as ▁, byte tokens typed', () => {
		expect(vocab.pieces.slice(0, 4).map((p) => [p.piece, p.kind])).toEqual([
			['<unk>', 'unknown'],
			['<s>', 'control'],
			['</s>', 'control'],
			['<0x00>', 'byte']
		]);
		expect(vocab.pieces[403]).toMatchObject({ piece: '▁Once', kind: 'normal' });
	});

	it('tokenizer.json gives the ids of SentencePiece score-order merging (llama2.c encode)', () => {
		const tokenizer = new Tokenizer(
			spmTokenizerFiles(vocab, 512)['tokenizer.json'] as object,
			spmTokenizerFiles(vocab, 512)['tokenizer_config.json'] as object
		);
		for (const text of [
			'Once upon a time',
			'Lily and Ben went to the park. They saw a big dog!',
			'The quick brown fox jumps over the lazy dog, 42 times.',
			'Zoë: “héllo” 你好 🙂',
			'a  b   c\nd'
		])
			expect(tokenizer.encode(text, { add_special_tokens: false }).ids, text).toEqual(llama2cEncode(vocab, text));
	});

	it('refuses a tokenizer of another vocabulary size', () => {
		expect(() => readLlama2cTokenizer(readFileSync('assets/stories260K/tok512.bin'), 600)).toThrow(/ends after 512/);
		expect(() => readLlama2cTokenizer(readFileSync('assets/stories260K/tok512.bin'), 500)).toThrow(/more than/);
	});
});
