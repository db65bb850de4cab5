// Generates a complete Hugging Face-layout model folder (config, generation config, tokenizer, ONNX
// graphs) for a synthetic shape. Isomorphic: it only talks to a ModelWriter, so the Node CLI and the
// browser worker share it. Same shape, dtypes and seed give byte-identical files.
import { buildConfig, buildGenerationConfig } from './config-files';
import { GGUF_QUANTS, writeGgufFile, type GgufQuant } from './gguf';
import type { ModelWriter } from './model-writer';
import { planOnnxFile, writeOnnxFiles, type ExternalDataLimits, type WrittenFile } from './onnx-stream';
import { DTYPES, type Dtype } from './quantize';
import { validateShape } from './shape-check';
import type { ModelShape } from './shapes';
import { buildTokenizerFiles } from './tokenizer';

export type { ModelWriter } from './model-writer';
export type { Dtype } from './quantize';

export interface GenerateProgress {
	stage: 'plan' | 'weights' | 'files';
	done: number;
	total: number;
}

export interface GenerateModelOptions {
	shape: ModelShape;
	dtypes: Dtype[];
	/** llama.cpp files (model-f32.gguf, ...) to write beside the ONNX graphs; none by default. */
	ggufQuants?: GgufQuant[];
	seed: number;
	writer: ModelWriter;
	onProgress?: (p: GenerateProgress) => void;
	/** When weights move to external data files; defaults keep every graph under protobuf's 2 GB. */
	externalData?: ExternalDataLimits;
}

export interface GeneratedModel {
	shape: string;
	seed: number;
	dtypes: Dtype[];
	ggufQuants: GgufQuant[];
	/** Every file written, with its size, config first. */
	files: WrittenFile[];
	totalBytes: number;
}

export class InvalidDtypeError extends Error {
	override name = 'InvalidDtypeError';
}

export async function generateModel(opts: GenerateModelOptions): Promise<GeneratedModel> {
	const { shape, seed, writer, onProgress } = opts;
	validateShape(shape);
	const dtypes = DTYPES.filter((d) => opts.dtypes.includes(d));
	const ggufQuants = GGUF_QUANTS.filter((q) => opts.ggufQuants?.includes(q));
	const unknown = [
		...opts.dtypes.filter((d) => !DTYPES.includes(d)),
		...(opts.ggufQuants ?? []).filter((q) => !GGUF_QUANTS.includes(q))
	];
	if (unknown.length > 0 || dtypes.length + ggufQuants.length === 0)
		throw new InvalidDtypeError(
			`Unknown or missing dtype (${unknown.join(', ') || 'none given'}); use some of ${[...DTYPES, ...GGUF_QUANTS].join(', ')}.`
		);
	if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
		throw new InvalidDtypeError(`The seed must be an integer from 0 to 4294967295 (got ${seed}).`);

	onProgress?.({ stage: 'plan', done: 0, total: 1 });
	const plans = dtypes.map((d) => planOnnxFile(shape, d, opts.externalData));
	const externalDataChunks = Object.fromEntries(
		plans
			.filter((p) => p.dataFiles.length > 0)
			.map((p) => [p.path.slice(p.path.lastIndexOf('/') + 1), p.dataFiles.length])
	);
	const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
	const small: [string, string][] = [
		['config.json', json(buildConfig(shape, { seed, dtypes, externalDataChunks, ggufQuants }))],
		['generation_config.json', json(buildGenerationConfig(shape))],
		...Object.entries(buildTokenizerFiles(shape)).map(([path, value]) => [path, json(value)] as [string, string])
	];
	// Tokenizer and config are built (and can fail) before the long part starts.
	const files: WrittenFile[] = [];
	for (const [path, text] of small) {
		const bytes = new TextEncoder().encode(text);
		await writer.writeFile(path, bytes);
		files.push({ path, bytes: bytes.length });
	}
	onProgress?.({ stage: 'files', done: files.length, total: small.length });
	const graphs = await writeOnnxFiles({
		shape,
		plans,
		seed,
		writer,
		onTensor: (done, total) => onProgress?.({ stage: 'weights', done, total })
	});
	files.push(...graphs);
	for (const quant of ggufQuants)
		files.push(
			await writeGgufFile({
				shape,
				quant,
				seed,
				writer,
				onTensor: (done, total) => onProgress?.({ stage: 'weights', done, total })
			})
		);
	return { shape: shape.name, seed, dtypes, ggufQuants, files, totalBytes: files.reduce((n, f) => n + f.bytes, 0) };
}
