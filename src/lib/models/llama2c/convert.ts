// Converts a llama2.c checkpoint and its tokenizer into the Hub layout Edgewise reads: config.json,
// generation_config.json, tokenizer files, ONNX graphs (fp32 / q8 / q4) and GGUF files (F32 / Q8_0 /
// Q4_0). The graphs, quantizers and writers are the synthetic generator's (models/synthetic/), fed the
// checkpoint's weights instead of seeded ones. Isomorphic: it only talks to a ModelWriter.
import { buildConfig, buildGenerationConfig } from '../synthetic/config-files';
import { GGUF_QUANTS, llamaModelMetadata, writeGgufFile, type GgufQuant } from '../synthetic/gguf';
import type { ModelWriter } from '../synthetic/model-writer';
import { planOnnxFile, writeOnnxFiles, type WrittenFile } from '../synthetic/onnx-stream';
import { DTYPES, type Dtype } from '../synthetic/quantize';
import { validateShape } from '../synthetic/shape-check';
import { weightsTensors } from '../synthetic/weights';
import { readLlama2cCheckpoint, type Llama2cModel } from './checkpoint';
import { readLlama2cTokenizer, spmGgufMetadata, spmTokenizerFiles, type SpmVocabulary } from './tokenizer';

/** Bumped whenever the converter's output changes for the same inputs (`make-model --if-missing` then redoes it). */
export const CONVERTER_VERSION = 1;

export interface ConvertLlama2cOptions {
	/** The model's name (its folder's id): in config.json and the GGUF files. */
	name: string;
	checkpoint: Uint8Array;
	tokenizer: Uint8Array;
	dtypes: Dtype[];
	ggufQuants?: GgufQuant[];
	writer: ModelWriter;
	/** Written into config.json so a later run can tell whether the folder came from these inputs. */
	source?: { checkpointSha256: string; tokenizerSha256: string; description?: string };
	onTensor?: (done: number, total: number) => void;
}

export interface ConvertedModel {
	name: string;
	dtypes: Dtype[];
	ggufQuants: GgufQuant[];
	files: WrittenFile[];
	totalBytes: number;
}

export interface Llama2cInputs {
	model: Llama2cModel;
	vocab: SpmVocabulary;
}

export function readLlama2c(checkpoint: Uint8Array, tokenizer: Uint8Array, name: string): Llama2cInputs {
	const model = readLlama2cCheckpoint(checkpoint, name);
	validateShape(model.shape);
	return { model, vocab: readLlama2cTokenizer(tokenizer, model.shape.vocabSize) };
}

export async function convertLlama2c(opts: ConvertLlama2cOptions): Promise<ConvertedModel> {
	const { name, writer } = opts;
	const dtypes = DTYPES.filter((d) => opts.dtypes.includes(d));
	const ggufQuants = GGUF_QUANTS.filter((q) => opts.ggufQuants?.includes(q));
	const { model, vocab } = readLlama2c(opts.checkpoint, opts.tokenizer, name);
	const { shape, weights } = model;
	const tensors = weightsTensors(weights);

	const config = buildConfig(shape, { seed: 0, dtypes, externalDataChunks: {}, ggufQuants });
	delete config.edgewise_synthetic;
	config.edgewise_converted = {
		converter_version: CONVERTER_VERSION,
		from: 'llama2.c checkpoint',
		dtypes: [...dtypes],
		...(ggufQuants.length ? { gguf: [...ggufQuants] } : {}),
		...(opts.source
			? {
					checkpoint_sha256: opts.source.checkpointSha256,
					tokenizer_sha256: opts.source.tokenizerSha256,
					...(opts.source.description ? { description: opts.source.description } : {})
				}
			: {})
	};
	const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
	const small: [string, string][] = [
		['config.json', json(config)],
		['generation_config.json', json(buildGenerationConfig(shape))],
		...Object.entries(spmTokenizerFiles(vocab, shape.maxPositionEmbeddings)).map(
			([path, value]) => [path, json(value)] as [string, string]
		)
	];
	const files: WrittenFile[] = [];
	for (const [path, text] of small) {
		const bytes = new TextEncoder().encode(text);
		await writer.writeFile(path, bytes);
		files.push({ path, bytes: bytes.length });
	}
	const about = `${name}: converted by Edgewise from a llama2.c checkpoint (trained weights).`;
	files.push(
		...(await writeOnnxFiles({
			shape,
			plans: dtypes.map((d) => planOnnxFile(shape, d)),
			seed: 0,
			writer,
			tensors,
			describe: { producerName: 'edgewise-llama2c', docString: about },
			onTensor: opts.onTensor
		}))
	);
	for (const quant of ggufQuants)
		files.push(
			await writeGgufFile({
				shape,
				quant,
				seed: 0,
				writer,
				tensors,
				metadata: [...llamaModelMetadata(shape, quant, { name, description: about }), ...spmGgufMetadata(vocab)],
				onTensor: opts.onTensor
			})
		);
	return { name, dtypes, ggufQuants, files, totalBytes: files.reduce((n, f) => n + f.bytes, 0) };
}

/** Hex SHA-256 of some bytes (Web Crypto: Node and browsers alike). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
	return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
