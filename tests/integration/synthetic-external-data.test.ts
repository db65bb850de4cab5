// Graphs over protobuf's 2 GB limit (the 1B twin in fp32) keep their weights in external data files.
// Generating a 5 GB model in a test is too slow, so the tiny model is written with tiny limits: the same
// code path, several chunks, loaded by onnxruntime-node and by transformers.js through config.json's
// "transformers.js_config".use_external_data_format.
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env, pipeline, type TextGenerationPipeline } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeFolderAtomically } from '../../src/cli/node-model-writer';
import { generateModel } from '../../src/lib/models/synthetic/generate';
import { greedy } from '../../src/lib/models/synthetic/reference';
import { SHAPES } from '../../src/lib/models/synthetic/shapes';
import { materializeWeights } from '../../src/lib/models/synthetic/weights';
import { GraphRunner, RUNTIMES, tinyGraphs } from './synthetic-harness';

const shape = SHAPES.tiny;
let root: string;
const model = () => join(root, 'edgewise-tiny-external');

beforeAll(async () => {
	root = await mkdtemp(join(tmpdir(), 'edgewise-external-'));
	await writeFolderAtomically(model(), (writer) =>
		generateModel({
			shape,
			dtypes: ['fp32', 'q4'],
			seed: 1,
			writer,
			externalData: { inlineLimitBytes: 100_000, chunkBytes: 300_000 }
		})
	);
});

afterAll(async () => {
	await rm(root, { recursive: true, force: true });
});

it('splits weights into chunks named as transformers.js expects, and lists them in config.json', async () => {
	const files = (await readdir(join(model(), 'onnx'))).sort();
	const config = JSON.parse(await readFile(join(model(), 'config.json'), 'utf8'));
	const chunks: Record<string, number> = config['transformers.js_config'].use_external_data_format;
	expect(Object.keys(chunks)).toEqual(['model.onnx', 'model_q4.onnx']);
	expect(chunks['model.onnx']).toBeGreaterThan(2); // ~1.2 MB of fp32 weights in 300 kB chunks
	const names = (file: string) =>
		Array.from({ length: chunks[file] ?? 0 }, (_, i) => `${file}_data${i === 0 ? '' : `_${i}`}`);
	expect(files).toEqual(['model.onnx', ...names('model.onnx'), 'model_q4.onnx', ...names('model_q4.onnx')].sort());
	for (const name of files)
		expect((await stat(join(model(), 'onnx', name))).size).toBeLessThanOrEqual(300_000 + 60_000);
});

it('computes the same logits as the inline graph', async () => {
	const inline = await tinyGraphs(shape, 1);
	const runtime = RUNTIMES[0]!; // onnxruntime-node, the first of the constant list
	const input = { inputIds: [[1, 5, 9, 300]], attentionMask: [[1, 1, 1, 1]], positionIds: [[0, 1, 2, 3]] };
	for (const [dtype, file] of [
		['fp32', 'model.onnx'],
		['q4', 'model_q4.onnx']
	] as const) {
		const external = new GraphRunner(runtime, await ort.InferenceSession.create(join(model(), 'onnx', file)), shape);
		const reference = new GraphRunner(runtime, await runtime.open(inline.get(dtype)!), shape);
		external.reset(1);
		reference.reset(1);
		const [a, b] = [await external.step(input), await reference.step(input)];
		expect(Array.from(a[0]![3]!)).toEqual(Array.from(b[0]![3]!));
	}
});

it('loads in transformers.js and decodes greedily like the reference', async () => {
	env.allowRemoteModels = false;
	env.localModelPath = `${root}/`;
	const generator = (await pipeline('text-generation', 'edgewise-tiny-external', {
		dtype: 'fp32',
		device: 'cpu'
	})) as TextGenerationPipeline;
	try {
		const ids = Array.from(generator.tokenizer('external data').input_ids.data as BigInt64Array, Number);
		const expected = greedy(materializeWeights(shape, 1), ids, 8);
		const out = (await generator('external data', {
			max_new_tokens: 8,
			do_sample: false,
			return_full_text: false
		})) as { generated_text: string }[];
		expect(out[0]?.generated_text).toBe(generator.tokenizer.decode(expected, { skip_special_tokens: true }));
	} finally {
		await generator.dispose();
	}
});
