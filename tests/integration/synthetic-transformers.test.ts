// transformers.js in Node loads the generated folder like a Hub model, for every dtype, and its greedy
// text-generation output equals the reference forward pass's greedy tokens, decoded.
//
// q8 is dynamic quantization (activations rounded to uint8 per tensor at run time, which the reference
// does not model: synthetic-graph.test.ts bounds the logit error). On this model and these prompts no
// greedy step is a near-tie, so the tokens still equal the reference's exactly.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env, pipeline, type TextGenerationPipeline } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeModel } from '../../src/cli/make-model';
import { dequantizeWeights, DTYPES } from '../../src/lib/models/synthetic/quantize';
import { greedy, greedyBatch } from '../../src/lib/models/synthetic/reference';
import { SHAPES } from '../../src/lib/models/synthetic/shapes';
import { materializeWeights } from '../../src/lib/models/synthetic/weights';

const shape = SHAPES.tiny;
const SEED = 1;
const NEW_TOKENS = 12;
let root: string;

beforeAll(async () => {
	root = await mkdtemp(join(tmpdir(), 'edgewise-synthetic-tjs-'));
	await makeModel({ shape, dtypes: [...DTYPES], seed: SEED, out: join(root, 'edgewise-tiny') });
	env.allowRemoteModels = false;
	env.allowLocalModels = true;
	env.localModelPath = `${root}/`;
});

afterAll(async () => {
	await rm(root, { recursive: true, force: true });
});

describe.each([...DTYPES])('transformers.js, %s', (dtype) => {
	let generator: TextGenerationPipeline;
	const weights = () => dequantizeWeights(materializeWeights(shape, SEED), dtype);

	beforeAll(async () => {
		generator = (await pipeline('text-generation', 'edgewise-tiny', {
			dtype,
			device: 'cpu'
		})) as TextGenerationPipeline;
	});

	afterAll(async () => {
		await generator?.dispose();
	});

	it('greedy output equals the reference greedy tokens, decoded', async () => {
		const prompt = 'Hello, world! 你好 🙂';
		const ids = Array.from(generator.tokenizer(prompt).input_ids.data as BigInt64Array, Number);
		const expectedIds = greedy(weights(), ids, NEW_TOKENS);
		const out = (await generator(prompt, {
			max_new_tokens: NEW_TOKENS,
			do_sample: false,
			return_full_text: false
		})) as { generated_text: string }[];
		expect(out[0]?.generated_text).toBe(generator.tokenizer.decode(expectedIds, { skip_special_tokens: true }));
		expect(expectedIds.length).toBeGreaterThan(0);
	});

	it('a batch of two prompts of different lengths (left padding) matches the reference batch', async () => {
		const prompts = ['The quick brown fox jumps over', 'Hi'];
		const ids = prompts.map((p) => Array.from(generator.tokenizer(p).input_ids.data as BigInt64Array, Number));
		expect(ids[0]?.length).not.toBe(ids[1]?.length);
		const expected = greedyBatch(weights(), ids, NEW_TOKENS);
		const out = (await generator(prompts, {
			max_new_tokens: NEW_TOKENS,
			do_sample: false,
			return_full_text: false
		})) as unknown as {
			generated_text: string;
		}[][];
		expect(out.map((o) => o[0]?.generated_text)).toEqual(
			expected.map((t) => generator.tokenizer.decode(t, { skip_special_tokens: true }))
		);
	});
});
