// The synthetic GGUF files, read back with an independent reader (gguf-reader.ts): layout, metadata,
// tensors against the seeded weights (transposed, Q/K rows permuted), block encodings against values
// worked out by hand from ggml's quantize_row_q8_0_ref / quantize_row_q4_0_ref, and the vocabulary
// rule that keeps llama.cpp's server code from meeting a token that is not valid UTF-8.
import { describe, expect, it } from 'vitest';
import {
	decodeTensorData,
	encodeTensorData,
	fromFloat16Bits,
	toFloat16Bits
} from '../../src/lib/models/synthetic/gguf-format';
import { GGUF_QUANTS, planGgufFile, writeGgufFile, type GgufQuant } from '../../src/lib/models/synthetic/gguf';
import {
	buildGgufVocabulary,
	byteLevelToBytes,
	isValidUtf8,
	TOKEN_TYPE
} from '../../src/lib/models/synthetic/gguf-tokenizer';
import { MemoryModelWriter } from '../../src/lib/models/synthetic/model-writer';
import { SHAPES, type ModelShape } from '../../src/lib/models/synthetic/shapes';
import { TIED_LLAMA3 } from './model-shapes';
import { buildTokenizerFiles } from '../../src/lib/models/synthetic/tokenizer';
import { materializeWeights } from '../../src/lib/models/synthetic/weights';
import { at } from '../../src/lib/bench/testing/must';
import { readGguf } from './gguf-reader';

async function gguf(shape: ModelShape, quant: GgufQuant, seed = 1): Promise<Uint8Array> {
	const writer = new MemoryModelWriter();
	const { path } = await writeGgufFile({ shape, quant, seed, writer });
	return writer.files.get(path)!;
}

describe('block encodings', () => {
	it('fp16 rounds to nearest even and covers subnormals and overflow', () => {
		expect(toFloat16Bits(1)).toBe(0x3c00);
		expect(toFloat16Bits(-2)).toBe(0xc000);
		expect(toFloat16Bits(65504)).toBe(0x7bff);
		expect(toFloat16Bits(70000)).toBe(0x7c00);
		expect(toFloat16Bits(2 ** -24)).toBe(0x0001);
		expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie, even mantissa stays
		expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie, odd mantissa rounds up
		expect(fromFloat16Bits(0x3555)).toBeCloseTo(0.333251953125, 12);
	});

	it('Q8_0: scale max|x| / 127, codes rounded half away from zero', () => {
		const x = new Float32Array(32);
		x[0] = 127;
		x[1] = -63.5;
		x[2] = 0.5;
		const block = encodeTensorData(x, 'Q8_0');
		expect(block.length).toBe(34);
		expect(at(block, 0) | (at(block, 1) << 8)).toBe(toFloat16Bits(1));
		expect(new Int8Array(block.buffer, 2, 3)).toEqual(Int8Array.from([127, -64, 1]));
		expect(Array.from(decodeTensorData(block, 'Q8_0', 32).subarray(0, 3))).toEqual([127, -64, 1]);
	});

	it('Q4_0: scale from the signed extreme / -8, element j low nibble, j + 16 high nibble', () => {
		const x = new Float32Array(32);
		x[0] = -8; // the extreme: d = -8 / -8 = 1, code 0
		x[16] = 7; // code 15
		x[1] = 0.4; // code trunc(0.4 + 8.5) = 8
		x[17] = -3; // code 5
		const block = encodeTensorData(x, 'Q4_0');
		expect(block.length).toBe(18);
		expect(at(block, 0) | (at(block, 1) << 8)).toBe(toFloat16Bits(1));
		expect(block[2]).toBe(0x0 | (15 << 4));
		expect(block[3]).toBe(8 | (5 << 4));
		expect(Array.from(decodeTensorData(block, 'Q4_0', 32).filter((_, i) => [0, 1, 16, 17].includes(i)))).toEqual([
			-8, 0, 7, -3
		]);
	});
});

describe.each<ModelShape>([SHAPES.tiny, TIED_LLAMA3])('$name', (shape) => {
	const weights = materializeWeights(shape, 1);

	it.each([...GGUF_QUANTS])('%s parses, with the planned size and llama metadata', async (quant) => {
		const bytes = await gguf(shape, quant);
		expect(bytes.length).toBe(planGgufFile(shape, quant, 1).bytes);
		const file = readGguf(bytes);
		expect(file.version).toBe(3);
		const meta = file.metadata;
		expect(meta.get('general.architecture')).toBe('llama');
		expect(meta.get('general.file_type')).toBe({ f32: 0, q8_0: 7, q4_0: 2 }[quant]);
		expect(meta.get('llama.block_count')).toBe(shape.numLayers);
		expect(meta.get('llama.attention.head_count_kv')).toBe(shape.numKvHeads);
		expect(meta.get('llama.rope.freq_base')).toBe(shape.ropeTheta);
		expect(meta.get('tokenizer.ggml.model')).toBe('gpt2');
		expect((meta.get('tokenizer.ggml.tokens') as string[]).length).toBe(shape.vocabSize);
		expect((meta.get('tokenizer.ggml.merges') as string[]).length).toBeGreaterThan(0);
		const names = file.tensors.map((t) => t.name);
		expect(names.includes('output.weight')).toBe(!shape.tieWordEmbeddings);
		expect(names.includes('rope_freqs.weight')).toBe(Boolean(shape.ropeScaling));
		expect(names).toHaveLength(
			1 + 9 * shape.numLayers + 1 + (shape.tieWordEmbeddings ? 0 : 1) + (shape.ropeScaling ? 1 : 0)
		);
		const types = new Map(file.tensors.map((t) => [t.name, t.type]));
		const want = { f32: 'F32', q8_0: 'Q8_0', q4_0: 'Q4_0' }[quant];
		expect(types.get('blk.0.attn_q.weight')).toBe(want);
		expect(types.get('token_embd.weight')).toBe(want);
		expect(types.get('blk.0.attn_norm.weight')).toBe('F32');
		// tiny's intermediate size (176) does not fill 32-element blocks: ffn_down stays F32.
		expect(types.get('blk.0.ffn_down.weight')).toBe('F32');
	});

	it('same seed gives the same bytes; another seed does not', async () => {
		const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(b);
		for (const quant of GGUF_QUANTS) expect(same(await gguf(shape, quant), await gguf(shape, quant))).toBe(true);
		expect(same(await gguf(shape, 'q8_0', 2), await gguf(shape, 'q8_0'))).toBe(false);
	});

	it('F32 tensors are the seeded weights: embedding as is, matrices transposed, Q/K rows in rotary order', async () => {
		const file = readGguf(await gguf(shape, 'f32'));
		const { hiddenSize: h, headDim, numHeads } = shape;
		expect(file.tensors.find((t) => t.name === 'token_embd.weight')!.dims).toEqual([h, shape.vocabSize]);
		expect(file.tensor('token_embd.weight')).toEqual(weights.embedTokens);
		const qDim = numHeads * headDim;
		const q = file.tensor('blk.1.attn_q.weight'); // rows of h inputs, one per output
		const hfQ = at(weights.layers, 1).qProj; // [h, qDim]
		const column = (c: number) => Float32Array.from({ length: h }, (_, i) => at(hfQ, i * qDim + c));
		const row = (r: number) => q.subarray(r * h, (r + 1) * h);
		// Head 1: rows 2i and 2i+1 pair HF dims i and i + headDim/2.
		for (let i = 0; i < headDim / 2; i++) {
			expect(row(headDim + 2 * i)).toEqual(column(headDim + i));
			expect(row(headDim + 2 * i + 1)).toEqual(column(headDim + headDim / 2 + i));
		}
		const v = file.tensor('blk.0.attn_v.weight');
		const kvDim = shape.numKvHeads * headDim;
		expect(v[3 * h + 5]).toBe(at(at(weights.layers, 0).vProj, 5 * kvDim + 3));
		expect(file.tensor('output_norm.weight')).toEqual(weights.finalNorm);
	});

	// Q8_0's error is half a step (max|x| / 127) plus the fp16 rounding of the scale (2^-11 relative, on
	// codes up to 127). Q4_0 maps the signed extreme to -8, so values near the other extreme clamp at +7:
	// up to one step (|extreme| / 8), plus the scale's rounding on codes up to 8.
	it('quantized tensors decode to within their step of the weights', async () => {
		for (const [quant, levels, steps] of [
			['q8_0', 127, 0.5],
			['q4_0', 8, 1]
		] as const) {
			const stored = readGguf(await gguf(shape, quant)).tensor('token_embd.weight');
			let worst = 0;
			for (let b = 0; b < stored.length / 32; b++) {
				const block = weights.embedTokens.subarray(b * 32, b * 32 + 32);
				const step = Math.max(...Array.from(block, Math.abs)) / levels;
				for (let j = 0; j < 32; j++) worst = Math.max(worst, Math.abs(at(stored, b * 32 + j) - at(block, j)) / step);
			}
			expect(worst).toBeLessThanOrEqual(steps + levels * 2 ** -11);
			expect(worst).toBeGreaterThan(steps * 0.9);
		}
	});
});

describe('vocabulary', () => {
	it.each([SHAPES.tiny, SHAPES['smollm2-135m'], SHAPES['llama-3.2-1b']])(
		'$name: every token decodes to valid UTF-8, ids match tokenizer.json',
		(shape) => {
			const vocab = buildGgufVocabulary(shape);
			const json = buildTokenizerFiles(shape)['tokenizer.json'] as { model: { vocab: Record<string, number> } };
			const byId = new Map(Object.entries(json.model.vocab).map(([text, id]) => [id, text]));
			expect(vocab.tokens).toHaveLength(shape.vocabSize);
			expect(new Set(vocab.tokens).size).toBe(shape.vocabSize);
			const renamed = new Set(vocab.renamed);
			const problems: string[] = [];
			vocab.tokens.forEach((token, id) => {
				if (vocab.tokenTypes[id] === TOKEN_TYPE.CONTROL) return;
				if (!isValidUtf8(byteLevelToBytes(token))) problems.push(`${id} is not valid UTF-8`);
				// A kept token is the very text tokenizer.json gives that id; a renamed one was invalid there.
				if (renamed.has(id) ? isValidUtf8(byteLevelToBytes(byId.get(id)!)) : token !== byId.get(id))
					problems.push(`${id} renamed wrongly`);
			});
			expect(problems).toEqual([]);
			// The 128 lone bytes 0x80-0xFF are among those renamed; the ASCII bytes are not.
			expect(vocab.renamed.length).toBeGreaterThanOrEqual(128);
			expect(vocab.tokens).toContain('Ġ');
		}
	);
});
