import { describe, expect, it } from 'vitest';
import { FLOAT32_LOWEST, argmax, rmsNorm, softmaxInPlace } from './reference-math';
import { ReferenceInputError, forward, greedy, greedyBatch, positionIdsFromMask, type KvCache } from './reference';
import { applyRope, ropeInvFreq } from './rope';
import { SHAPES } from './shapes';
import { materializeWeights, type LlamaWeights } from './weights';

const weights = materializeWeights(SHAPES.tiny, 1);

/** Rows are looked up by index in the tests below; a missing one fails here, named. */
function maxAbsDiff(a: ArrayLike<number> | undefined, b: ArrayLike<number> | undefined): number {
	if (!a || !b) throw new Error(`missing row: ${a ? 'second' : 'first'}`);
	expect(a.length).toBe(b.length);
	let worst = 0;
	for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
	return worst;
}

function prefill(ids: number[]) {
	const mask = [ids.map(() => 1)];
	return forward(weights, { inputIds: [ids], attentionMask: mask, positionIds: positionIdsFromMask(mask) });
}

describe('reference kernels', () => {
	it('RMSNorm divides by the root mean square and applies the weight', () => {
		// mean(x^2) = (1 + 4 + 9 + 16) / 4 = 7.5
		const out = rmsNorm([1, 2, 3, 4], [1, 1, 2, 0.5], 0);
		const r = Math.sqrt(7.5);
		expect(Array.from(out)).toEqual([1 / r, 2 / r, 6 / r, 2 / r].map((v) => expect.closeTo(v, 12)));
		// eps is added inside the root: x = [0, 0] gives 0, not NaN.
		expect(Array.from(rmsNorm([0, 0], [1, 1], 1e-5))).toEqual([0, 0]);
		expect(rmsNorm([3], [1], 16)[0]).toBeCloseTo(3 / 5, 12); // 3 / sqrt(9 + 16)
	});

	it('softmax gives hand-computed probabilities and zero for masked scores', () => {
		const p = softmaxInPlace(Float64Array.from([0, Math.log(2), Math.log(3)]));
		expect(Array.from(p)).toEqual([1 / 6, 2 / 6, 3 / 6].map((v) => expect.closeTo(v, 12)));
		const masked = softmaxInPlace(Float64Array.from([1000, 1001 + FLOAT32_LOWEST, 1000]));
		expect(Array.from(masked)).toEqual([0.5, 0, 0.5]);
	});

	it('argmax picks the lowest index on ties', () => {
		expect(argmax([1, 3, 3, 2])).toBe(1);
	});

	it('RoPE rotates the two halves of a head (rotate_half, not interleaved)', () => {
		const invFreq = ropeInvFreq({ headDim: 4, ropeTheta: 10000 });
		expect(Array.from(invFreq)).toEqual([1, 0.01]); // 1 / 10000^(0/4), 1 / 10000^(2/4)
		const x = Float64Array.from([1, 2, 3, 4]);
		applyRope(x, 0, 1, invFreq);
		const [c1, s1, c2, s2] = [Math.cos(1), Math.sin(1), Math.cos(0.01), Math.sin(0.01)];
		const want = [1 * c1 - 3 * s1, 2 * c2 - 4 * s2, 3 * c1 + 1 * s1, 4 * c2 + 2 * s2];
		want.forEach((v, i) => expect(x[i]).toBeCloseTo(v, 12));
		// Position 0 is the identity.
		const y = Float64Array.from([1, 2, 3, 4]);
		applyRope(y, 0, 0, invFreq);
		expect(Array.from(y)).toEqual([1, 2, 3, 4]);
	});

	it('applies llama3 scaling: high frequencies kept, low divided by the factor, middle interpolated', () => {
		const invFreq = ropeInvFreq(SHAPES['llama-3.2-1b']); // theta 500000, factor 32, low 1, high 4, 8192
		expect(invFreq[0]).toBe(1); // wavelength 2π < 8192 / 4
		expect(invFreq[31]).toBeCloseTo(500000 ** (-62 / 64) / 32, 18); // wavelength > 8192
		const f = 500000 ** -0.5; // i = 16: wavelength 2π·707 ≈ 4443, between 2048 and 8192
		const smooth = (8192 / ((2 * Math.PI) / f) - 1) / (4 - 1);
		expect(invFreq[16]).toBeCloseTo(((1 - smooth) * f) / 32 + smooth * f, 15);
	});

	it('builds position ids the way transformers.js does for left padding', () => {
		const mask = [
			[0, 0, 1, 1, 1],
			[1, 1, 1, 1, 1]
		];
		expect(positionIdsFromMask(mask)).toEqual([
			[1, 1, 0, 1, 2],
			[0, 1, 2, 3, 4]
		]);
		expect(positionIdsFromMask(mask, 1)).toEqual([[2], [4]]);
	});
});

describe('reference forward pass', () => {
	const prompt = [1, 17, 300, 42, 999, 5];

	it('gives finite, non-flat logits', () => {
		const last = prefill(prompt).logits[0]!.at(-1)!;
		expect(last).toHaveLength(SHAPES.tiny.vocabSize);
		expect(last.every(Number.isFinite)).toBe(true);
		const mean = last.reduce((a, b) => a + b, 0) / last.length;
		const std = Math.sqrt(last.reduce((a, b) => a + (b - mean) ** 2, 0) / last.length);
		expect(std).toBeGreaterThan(0.5);
	});

	it('decoding through the KV cache equals a full recompute', () => {
		let out = prefill(prompt);
		const ids = [...prompt];
		for (let step = 0; step < 8; step++) {
			const next = argmax(out.logits[0]!.at(-1)!);
			ids.push(next);
			const mask = [ids.map(() => 1)];
			out = forward(weights, {
				inputIds: [[next]],
				attentionMask: mask,
				positionIds: positionIdsFromMask(mask, 1),
				cache: out.cache
			});
			expect(out.cache.length).toBe(ids.length);
			const full = prefill(ids);
			expect(maxAbsDiff(out.logits[0]![0], full.logits[0]!.at(-1)!)).toBeLessThan(1e-9);
		}
	});

	it('does not modify the cache it was given', () => {
		const first = prefill(prompt);
		const before = first.cache.keys[0]!.slice();
		const mask = [[...prompt, 7].map(() => 1)];
		forward(weights, {
			inputIds: [[7]],
			attentionMask: mask,
			positionIds: positionIdsFromMask(mask, 1),
			cache: first.cache
		});
		expect(first.cache.keys[0]).toEqual(before);
		expect(first.cache.length).toBe(prompt.length);
	});

	it('a left-padded batch of 2 equals each prompt alone at the real positions', () => {
		const short = [1, 200, 3];
		const mask = [[0, 0, 0, 1, 1, 1], prompt.map(() => 1)];
		const batch = forward(weights, {
			inputIds: [[0, 0, 0, ...short], prompt],
			attentionMask: mask,
			positionIds: positionIdsFromMask(mask)
		});
		const alone = [prefill(short), prefill(prompt)];
		short.forEach((_, t) => expect(maxAbsDiff(batch.logits[0]![t + 3], alone[0]!.logits[0]![t])).toBeLessThan(1e-9));
		prompt.forEach((_, t) => expect(maxAbsDiff(batch.logits[1]![t], alone[1]!.logits[0]![t])).toBeLessThan(1e-9));
		// And through 8 decode steps.
		expect(greedyBatch(weights, [short, prompt], 8, { stopAtEos: false })).toEqual([
			greedy(weights, short, 8, { stopAtEos: false }),
			greedy(weights, prompt, 8, { stopAtEos: false })
		]);
	});

	it('padding changes nothing even when the pad slots hold different token ids', () => {
		const mask = [[0, 0, 1, 1]];
		const run = (pad: number) =>
			forward(weights, { inputIds: [[pad, pad, 1, 9]], attentionMask: mask, positionIds: positionIdsFromMask(mask) });
		expect(maxAbsDiff(run(0).logits[0]![3], run(500).logits[0]![3])).toBe(0);
	});

	it('greedy decoding is deterministic and not degenerate', () => {
		const prompts = [[1], [1, 50, 60], [1, 700, 12, 13, 900], [2, 2, 2]];
		const runs = prompts.map((p) => greedy(weights, p, 32, { stopAtEos: false }));
		expect(prompts.map((p) => greedy(weights, p, 32, { stopAtEos: false }))).toEqual(runs);
		for (const ids of runs) {
			expect(ids).toHaveLength(32);
			expect(new Set(ids).size).toBeGreaterThanOrEqual(4);
		}
	});

	it('stops after EOS when asked, keeping the EOS id', () => {
		const free = greedy(weights, [1, 50, 60], 16, { stopAtEos: false });
		const eos = free[3]!;
		const stopped = greedy(weights, [1, 50, 60], 16, { eosTokenId: eos });
		expect(stopped).toEqual(free.slice(0, free.indexOf(eos) + 1));
	});

	it('a tied head gives the same logits as an untied head holding the transposed embedding', () => {
		const tied = materializeWeights({ ...SHAPES.tiny, tieWordEmbeddings: true }, 3);
		const { vocabSize: v, hiddenSize: h } = tied.shape;
		const lmHead = new Float32Array(h * v);
		for (let r = 0; r < v; r++) for (let c = 0; c < h; c++) lmHead[c * v + r] = tied.embedTokens[r * h + c]!;
		const untied: LlamaWeights = { ...tied, shape: { ...tied.shape, tieWordEmbeddings: false }, lmHead };
		const run = (w: LlamaWeights) =>
			forward(w, { inputIds: [[1, 2, 3]], attentionMask: [[1, 1, 1]], positionIds: [[0, 1, 2]] });
		expect(maxAbsDiff(run(tied).logits[0]![2], run(untied).logits[0]![2])).toBeLessThan(1e-9);
	});

	it('grouped-query attention equals multi-head attention with each kv head repeated for its group', () => {
		// HF's repeat_kv: query head h reads kv head floor(h / (heads / kvHeads)).
		const { numHeads, numKvHeads, headDim, hiddenSize } = SHAPES.tiny;
		const group = numHeads / numKvHeads;
		const repeat = (w: Float32Array) => {
			const out = new Float32Array(hiddenSize * numHeads * headDim);
			for (let row = 0; row < hiddenSize; row++)
				for (let h = 0; h < numHeads; h++)
					for (let d = 0; d < headDim; d++)
						out[row * numHeads * headDim + h * headDim + d] =
							w[row * numKvHeads * headDim + Math.floor(h / group) * headDim + d]!;
			return out;
		};
		const mha: LlamaWeights = {
			...weights,
			shape: { ...SHAPES.tiny, numKvHeads: numHeads },
			layers: weights.layers.map((l) => ({ ...l, kProj: repeat(l.kProj), vProj: repeat(l.vProj) }))
		};
		const ids = [1, 40, 41, 42, 43];
		const mask = [ids.map(() => 1)];
		const run = (w: LlamaWeights) =>
			forward(w, { inputIds: [ids], attentionMask: mask, positionIds: positionIdsFromMask(mask) });
		const [a, b] = [run(weights), run(mha)];
		ids.forEach((_, t) => expect(maxAbsDiff(a.logits[0]![t], b.logits[0]![t])).toBeLessThan(1e-9));
	});

	it('rejects inconsistent input with a clear error', () => {
		const cache: KvCache | undefined = prefill(prompt).cache;
		expect(() => forward(weights, { inputIds: [[1]], attentionMask: [[1]], positionIds: [[0]], cache })).toThrow(
			ReferenceInputError
		);
		expect(() => prefill([SHAPES.tiny.vocabSize])).toThrow(/outside the vocabulary/);
	});
});
