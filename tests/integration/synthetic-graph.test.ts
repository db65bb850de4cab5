// The generated tiny graphs, every dtype, in onnxruntime-node and onnxruntime-web (wasm), against the
// independent plain-TypeScript reference forward pass: prefill, decode steps through the KV cache, and a
// left-padded batch of two prompts.
//
// Tolerances (relative: max |graph - reference| / max |reference logit|):
// - 1e-4 for fp32 and q4: the q4 graph is compared with the reference run on the dequantized weights,
//   so both sides multiply by the very same float32 weights and differ only by float32 rounding and
//   summation order (observed ~5e-7).
// - 4e-2 for q8, in every runtime: the q8 graph is optimum-style dynamic quantization
//   (DynamicQuantizeLinear + MatMulInteger, chosen for speed in onnxruntime-web: docs/benchmark-history.md,
//   "Lever: q8 format"), so besides the weights it rounds each MatMul input to uint8 with one scale per tensor
//   (a step of 1/255 of the tensor's range), which the float reference does not model. The integer
//   arithmetic is exact, so onnxruntime-node and -web agree to ~1e-8; against the reference the error
//   was 1.8e-2 (tiny) and 2.6e-2 (the tied/GQA variant), the bound leaves ~1.5x headroom.
//   Near-ties may then flip a greedy token: each greedy choice must be one the reference rates within
//   the tolerance of its best (both sides fed the graph's tokens), so wherever the reference's best
//   leads the runner-up by more than that, the graph's token must equal the reference's.
import { beforeAll, describe, expect, it } from 'vitest';
import { dequantizeWeights, DTYPES, type Dtype } from '../../src/lib/models/synthetic/quantize';
import {
	forward,
	greedy,
	greedyBatch,
	positionIdsFromMask,
	type KvCache
} from '../../src/lib/models/synthetic/reference';
import { SHAPES, type ModelShape } from '../../src/lib/models/synthetic/shapes';
import { TIED_GQA_LLAMA3 } from './model-shapes';
import { materializeWeights, type LlamaWeights } from '../../src/lib/models/synthetic/weights';
import {
	argmax,
	decodeAgainstReference,
	GraphRunner,
	relativeError,
	RUNTIMES,
	tinyGraphs,
	type Runtime
} from './synthetic-harness';

// tiny, plus a variant with what tiny lacks and the twins have: a tied (and, in q8/q4, separately
// quantized) LM head, 4 query heads per kv head, and llama3 rope scaling with a band of smoothed
// frequencies (original context 256: wavelengths 167 and 4440 fall in the medium and low bands).
const SHAPES_UNDER_TEST: ModelShape[] = [SHAPES.tiny, TIED_GQA_LLAMA3];
const SEED = 1;
const DECODE_STEPS = 10;
const PROMPT = [1, 72, 101, 108, 108, 111];
const BATCH = [
	[1, 84, 104, 101, 32, 113, 117, 105],
	[1, 72, 105]
];

const quantizesActivations = (_runtime: Runtime, dtype: Dtype) => dtype === 'q8';

function tolerance(runtime: Runtime, dtype: Dtype): number {
	return quantizesActivations(runtime, dtype) ? 4e-2 : 1e-4;
}

/** How far below the reference's best logit the graph's greedy choice falls, relative to the logit scale. */
function choiceGap(choice: number, reference: Float64Array): number {
	const best = reference[argmax(reference)]!;
	const scale = Math.max(...Array.from(reference, Math.abs));
	const chosen = reference[choice];
	if (chosen === undefined) throw new Error(`token ${choice} is outside the ${reference.length}-token vocabulary`);
	return (best - chosen) / scale;
}

describe.each(SHAPES_UNDER_TEST)('$name', (shape) => {
	let graphs: Map<Dtype, Uint8Array>;
	let weights: LlamaWeights;

	beforeAll(async () => {
		graphs = await tinyGraphs(shape, SEED);
		weights = materializeWeights(shape, SEED);
	});

	describe.each(RUNTIMES)('$name', (runtime) => {
		describe.each([...DTYPES])('%s', (dtype) => {
			let runner: GraphRunner;
			let reference: LlamaWeights;
			beforeAll(async () => {
				runner = new GraphRunner(runtime, await runtime.open(graphs.get(dtype)!), shape);
				reference = dequantizeWeights(weights, dtype);
			});

			it(`prefill + ${DECODE_STEPS} decode steps match the reference`, async () => {
				const { errors, tokens, referenceLast } = await decodeAgainstReference(runner, reference, PROMPT, DECODE_STEPS);
				const gaps = tokens.map((token, i) => choiceGap(token, referenceLast[i]!));
				expect(Math.max(...errors)).toBeLessThan(tolerance(runtime, dtype));
				if (quantizesActivations(runtime, dtype)) {
					expect(Math.max(...gaps)).toBeLessThan(tolerance(runtime, dtype));
					return;
				}
				// Greedy tokens: the graph's own choices equal the reference's greedy decoding.
				expect(tokens).toEqual(greedy(reference, PROMPT, DECODE_STEPS + 1, { stopAtEos: false }));
			});

			it('num_logits_to_keep returns the last k positions (0, and k past the length, return all)', async () => {
				const input = {
					inputIds: [PROMPT],
					attentionMask: [PROMPT.map(() => 1)],
					positionIds: [PROMPT.map((_, i) => i)]
				};
				const all = forward(reference, input).logits[0]!; // batch 1
				for (const keep of [0, 1, 3, PROMPT.length, PROMPT.length + 4]) {
					runner.reset(1);
					const rows = (await runner.step(input, keep))[0]!;
					const expected = keep === 0 ? all : all.slice(-keep);
					expect(rows.length, `keep ${keep}`).toBe(expected.length);
					expect(relativeError(rows, expected), `keep ${keep}`).toBeLessThan(tolerance(runtime, dtype));
				}
			});

			it('a left-padded batch of two prompts matches the reference on real positions', async () => {
				runner.reset(2);
				const width = Math.max(...BATCH.map((p) => p.length));
				const mask = BATCH.map((p) => [...Array(width - p.length).fill(0), ...p.map(() => 1)]);
				let inputIds = BATCH.map((p) => [...Array(width - p.length).fill(shape.eosTokenId), ...p]);
				let cache: KvCache | undefined;
				const errors: number[] = [];
				const tokens: number[][] = [[], []];
				const gaps: number[] = [];
				for (let step = 0; step <= 8; step++) {
					const positionIds = positionIdsFromMask(mask, inputIds[0]!.length);
					const graph = await runner.step({ inputIds, attentionMask: mask, positionIds });
					const ref = forward(reference, { inputIds, attentionMask: mask, positionIds, cache });
					cache = ref.cache;
					const past = mask[0]!.length - inputIds[0]!.length;
					for (let b = 0; b < 2; b++) {
						const real = inputIds[b]!.map((_, t) => t).filter((t) => mask[b]![past + t] === 1);
						errors.push(
							relativeError(
								real.map((t) => graph[b]![t]!),
								real.map((t) => ref.logits[b]![t]!)
							)
						);
					}
					inputIds = graph.map((rows) => [argmax(rows[rows.length - 1]!)]);
					inputIds.forEach(([next], b) => gaps.push(choiceGap(next!, ref.logits[b]!.at(-1)!)));
					inputIds.forEach(([next], b) => tokens[b]!.push(next!));
					mask.forEach((row) => row.push(1));
				}
				expect(Math.max(...errors)).toBeLessThan(tolerance(runtime, dtype));
				if (quantizesActivations(runtime, dtype)) {
					expect(Math.max(...gaps)).toBeLessThan(tolerance(runtime, dtype));
					return;
				}
				const expected = greedyBatch(reference, BATCH, 9, { stopAtEos: false });
				expect(tokens).toEqual(expected);
				// Padding changes nothing for the short prompt: same tokens as decoding it alone.
				expect(tokens[1]).toEqual(greedy(reference, BATCH[1]!, 9, { stopAtEos: false }));
			});
		});
	});
});

describe('tiny weights', () => {
	it('greedy decoding does not collapse onto one token', () => {
		const tokens = greedy(materializeWeights(SHAPES.tiny, SEED), PROMPT, 24, { stopAtEos: false });
		expect(new Set(tokens).size).toBeGreaterThan(8);
	});
});
