// The tiny GGUF twins in llama.cpp itself (node-llama-cpp's prebuilt CPU binary): greedy token ids
// against the plain-TypeScript reference forward pass run on the very weights the file stores
// (gguf-reference.ts dequantizes Q8_0 / Q4_0 blocks as llama.cpp does).
//
// Tolerances:
// - F32 with an F32 KV cache: llama.cpp computes in float32 on the same weights, so greedy ids must
//   equal the reference's exactly.
// - The defaults llama.cpp and wllama run with: an F16 KV cache, and for Q8_0 / Q4_0 weights the
//   activations rounded to Q8_0 blocks before each matrix product (ggml's vec_dot_type), which the
//   float reference does not model. Near-ties may then flip a token, so each of llama.cpp's choices must
//   be one the reference rates within GAP_TOLERANCE (relative to the largest |logit|) of its best, fed
//   llama.cpp's own tokens; wherever the reference's best leads by more than that, the ids must be equal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getLlama, LlamaLogLevel, type Llama, type Token } from 'node-llama-cpp';
import { at, must } from '../../src/lib/bench/testing/must';
import { GGUF_QUANTS, writeGgufFile, type GgufQuant } from '../../src/lib/models/synthetic/gguf';
import { ggufReferenceWeights } from '../../src/lib/models/synthetic/gguf-reference';
import { MemoryModelWriter } from '../../src/lib/models/synthetic/model-writer';
import { forward, positionIdsFromMask, type KvCache } from '../../src/lib/models/synthetic/reference';
import { argmax } from '../../src/lib/models/synthetic/reference-math';
import { SHAPES, type ModelShape } from '../../src/lib/models/synthetic/shapes';
import { TIED_GQA_LLAMA3 } from './model-shapes';

const SEED = 1;
const PROMPT = [1, 72, 101, 108, 108, 111];
const NEW_TOKENS = 16;
const GAP_TOLERANCE = 4e-2;

let llama: Llama;
let dir: string;

beforeAll(async () => {
	llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error });
	dir = await mkdtemp(join(tmpdir(), 'edgewise-gguf-'));
});
afterAll(async () => {
	await llama?.dispose();
	if (dir) await rm(dir, { recursive: true, force: true });
});

async function llamaGreedy(shape: ModelShape, quant: GgufQuant, exactKv: boolean, threads: number): Promise<number[]> {
	const writer = new MemoryModelWriter();
	const { path } = await writeGgufFile({ shape, quant, seed: SEED, writer });
	const file = join(dir, `${shape.name}-${path}`);
	await writeFile(file, writer.files.get(path)!);
	const model = await llama.loadModel({ modelPath: file });
	const kv = exactKv ? ({ experimentalKvCacheKeyType: 'F32', experimentalKvCacheValueType: 'F32' } as const) : {};
	const context = await model.createContext({ contextSize: 64, threads, ...kv });
	try {
		const out: number[] = [];
		for await (const token of context.getSequence().evaluate(PROMPT as Token[], { temperature: 0 })) {
			out.push(token);
			if (out.length >= NEW_TOKENS) break;
		}
		return out;
	} finally {
		await context.dispose();
		await model.dispose();
	}
}

/** The reference's logits before each of `tokens`, fed the prompt and then `tokens` themselves. */
function referenceLogitsAlong(shape: ModelShape, quant: GgufQuant, tokens: number[]): Float64Array[] {
	const weights = ggufReferenceWeights(shape, SEED, quant);
	const maskRow = PROMPT.map(() => 1);
	let stepIds = PROMPT;
	let cache: KvCache | undefined;
	const out: Float64Array[] = [];
	for (const token of tokens) {
		const step = forward(weights, {
			inputIds: [stepIds],
			attentionMask: [maskRow],
			positionIds: positionIdsFromMask([maskRow], stepIds.length),
			cache
		});
		cache = step.cache;
		out.push(must(at(step.logits, 0).at(-1), 'logits at the last position'));
		stepIds = [token];
		maskRow.push(1);
	}
	return out;
}

describe.each<ModelShape>([SHAPES.tiny, TIED_GQA_LLAMA3])('$name', (shape) => {
	it('F32 with an F32 KV cache: greedy ids equal the reference, at 1 and 2 threads', async () => {
		for (const threads of [1, 2]) {
			const ids = await llamaGreedy(shape, 'f32', true, threads);
			const logits = referenceLogitsAlong(shape, 'f32', ids);
			expect(ids).toEqual(logits.map(argmax));
		}
	});

	it.each([...GGUF_QUANTS])(
		'%s with llama.cpp defaults: every choice within the tolerance of the reference best',
		async (quant) => {
			const ids = await llamaGreedy(shape, quant, false, 1);
			expect(ids).toHaveLength(NEW_TOKENS);
			const logits = referenceLogitsAlong(shape, quant, ids);
			const report = ids.map((id, i) => {
				const row = at(logits, i);
				const scale = Math.max(...Array.from(row, Math.abs));
				const best = argmax(row);
				const sorted = Array.from(row).sort((a, b) => b - a);
				return { id, best, gap: (at(row, best) - at(row, id)) / scale, lead: (at(sorted, 0) - at(sorted, 1)) / scale };
			});
			for (const r of report) {
				expect(r.gap).toBeLessThanOrEqual(GAP_TOLERANCE);
				if (r.lead > GAP_TOLERANCE) expect(r.id).toBe(r.best);
			}
		}
	);
});
