import { describe, expect, it } from 'vitest';
import { generateModel, InvalidDtypeError, type GenerateProgress } from './generate';
import { MemoryModelWriter, openSink, type ModelWriter } from './model-writer';
import { InvalidShapeError } from './shape-check';
import { SHAPES } from './shapes';

describe('generateModel', () => {
	it('writes the Hub layout through the writer and reports sizes and progress', async () => {
		const writer = new MemoryModelWriter();
		const progress: GenerateProgress[] = [];
		const model = await generateModel({
			shape: SHAPES.tiny,
			dtypes: ['q4'],
			seed: 5,
			writer,
			onProgress: (p) => progress.push(p)
		});
		expect(model.files.map((f) => f.path)).toEqual([
			'config.json',
			'generation_config.json',
			'tokenizer.json',
			'tokenizer_config.json',
			'special_tokens_map.json',
			'onnx/model_q4.onnx'
		]);
		for (const f of model.files) expect(writer.files.get(f.path)?.length).toBe(f.bytes);
		expect(model.totalBytes).toBe(model.files.reduce((n, f) => n + f.bytes, 0));
		expect(model.totalBytes).toBeLessThan(2_000_000);
		const weights = progress.filter((p) => p.stage === 'weights');
		expect(weights.at(-1)).toEqual({ stage: 'weights', done: 21, total: 21 });
		const config = JSON.parse(new TextDecoder().decode(writer.files.get('config.json')));
		expect(config.edgewise_synthetic).toMatchObject({ shape: 'tiny', seed: 5, dtypes: ['q4'] });
	});

	it('streams big files through openFile when the writer has it', async () => {
		const chunks: number[] = [];
		const writer: ModelWriter = {
			writeFile: async () => {},
			openFile: async () => ({ write: async (c) => void chunks.push(c.length), close: async () => {} })
		};
		const model = await generateModel({ shape: SHAPES.tiny, dtypes: ['fp32'], seed: 1, writer });
		expect(chunks.reduce((a, b) => a + b, 0)).toBe(model.files.find((f) => f.path === 'onnx/model.onnx')!.bytes);
	});

	it('refuses bad shapes and dtypes before writing anything', async () => {
		const writer = new MemoryModelWriter();
		await expect(
			generateModel({ shape: { ...SHAPES.tiny, numHeads: 3 }, dtypes: ['fp32'], seed: 1, writer })
		).rejects.toThrow(InvalidShapeError);
		await expect(generateModel({ shape: SHAPES.tiny, dtypes: ['fp16' as 'fp32'], seed: 1, writer })).rejects.toThrow(
			InvalidDtypeError
		);
		expect(writer.files.size).toBe(0);
	});
});

describe('openSink', () => {
	it('gathers small writes into few big ones and copies what it keeps', async () => {
		const writes: Uint8Array[] = [];
		const sink = await openSink(
			{
				writeFile: async () => {},
				openFile: async () => ({ write: async (c) => void writes.push(c), close: async () => {} })
			},
			'x'
		);
		const reused = new Uint8Array([1, 2, 3]);
		await sink.write(reused);
		reused[0] = 9;
		await sink.write(new Uint8Array(5 * 1024 * 1024));
		await sink.write(new Uint8Array([4]));
		await sink.close();
		expect(writes.map((w) => w.length)).toEqual([3, 5 * 1024 * 1024, 1]);
		expect(Array.from(writes[0] ?? [])).toEqual([1, 2, 3]);
		expect(sink.bytesWritten()).toBe(3 + 5 * 1024 * 1024 + 1);
	});
});
