// The q8 graph forms other than the default (kept for the "q8 format" benchmark,
// benchmarks/q8-format.ts) compute in float32 on dequantized weights, so they match the reference run on
// exactly those weights tightly, in onnxruntime-node and -web (wasm), with the same greedy tokens.
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryModelWriter } from '../../src/lib/models/synthetic/model-writer';
import { planOnnxFile, writeOnnxFiles } from '../../src/lib/models/synthetic/onnx-stream';
import { dequantizeWeights, type Q8Format } from '../../src/lib/models/synthetic/quantize';
import { greedy } from '../../src/lib/models/synthetic/reference';
import { SHAPES } from '../../src/lib/models/synthetic/shapes';
import { materializeWeights } from '../../src/lib/models/synthetic/weights';
import { decodeAgainstReference, GraphRunner, relativeError, RUNTIMES } from './synthetic-harness';

const shape = { ...SHAPES.tiny, name: 'tiny-tied', tieWordEmbeddings: true };
const SEED = 1;
const PROMPT = [1, 72, 101, 108, 108, 111];
const STEPS = 8;

describe.each(['dequantize', 'nbits'] as Q8Format[])('q8 as %s', (q8Format) => {
	let graph: Uint8Array;
	beforeAll(async () => {
		const writer = new MemoryModelWriter();
		const plan = planOnnxFile(shape, 'q8', undefined, { q8Format });
		await writeOnnxFiles({ shape, plans: [plan], seed: SEED, writer });
		graph = writer.files.get(plan.path)!;
	});

	it.each(RUNTIMES)('$name: prefill + decode match the reference on its dequantized weights', async (runtime) => {
		const reference = dequantizeWeights(materializeWeights(shape, SEED), 'q8', q8Format);
		// Pin float math: onnxruntime-node would otherwise rewrite DequantizeLinear+MatMul into an 8-bit
		// MatMulNBits that rounds activations to int8 (accuracy_level 4).
		const session =
			runtime.name === 'onnxruntime-node'
				? await runtime.ort.InferenceSession.create(graph, {
						extra: { session: { qdq_matmulnbits_accuracy_level: '0' } }
					})
				: await runtime.open(graph);
		const runner = new GraphRunner(runtime, session, shape);
		const { errors, tokens } = await decodeAgainstReference(runner, reference, PROMPT, STEPS);
		expect(Math.max(...errors)).toBeLessThan(1e-4);
		expect(tokens).toEqual(greedy(reference, PROMPT, STEPS + 1, { stopAtEos: false }));
	});
});

// 'integer-s8' stores the same integers as the default 'integer' (w_u8 - 128 = w_s8), so ORT's wasm build,
// which computes MatMulInteger exactly, gives the same logits. (onnxruntime-node may not: its AVX2 U8S8
// kernels can saturate 16-bit sums, one reason the generator keeps uint8.)
describe('q8 as integer-s8', () => {
	it("gives the default format's logits in onnxruntime-web", async () => {
		const web = RUNTIMES.find((r) => r.name !== 'onnxruntime-node')!;
		const logits: Float32Array[][] = [];
		for (const q8Format of ['integer', 'integer-s8'] as Q8Format[]) {
			const writer = new MemoryModelWriter();
			const plan = planOnnxFile(shape, 'q8', undefined, { q8Format });
			await writeOnnxFiles({ shape, plans: [plan], seed: SEED, writer });
			const runner = new GraphRunner(web, await web.open(writer.files.get(plan.path)!), shape);
			runner.reset(1);
			logits.push(
				(
					await runner.step({
						inputIds: [PROMPT],
						attentionMask: [PROMPT.map(() => 1)],
						positionIds: [PROMPT.map((_, i) => i)]
					})
				)[0]! // batch 1
			);
		}
		expect(relativeError(logits[1]!, logits[0]!)).toBeLessThan(1e-6);
	});
});
