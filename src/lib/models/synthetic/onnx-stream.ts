// Writes the ONNX graphs of several dtypes in one pass over the seeded weights: each seeded tensor is
// generated once, encoded for every dtype (fp32 bytes, int8, packed 4-bit), streamed out, and dropped.
// Peak memory is about one tensor plus its encodings, whatever the model's size.
import { buildLlamaGraph, ONNX_FILE_NAMES, type GraphOptions, type LlamaGraph, type WeightEntry } from './graph';
import { openSink, type ModelFileSink, type ModelWriter } from './model-writer';
import { encodeModelPrefix, frameTensor, type ExternalRef } from './onnx-builder';
import type { Dtype } from './quantize';
import type { ModelShape } from './shapes';
import { seededTensors, tensorSpecs, type TensorSource } from './weights';

/** Protobuf cannot parse a message of 2 GiB or more; stay well below with the inline graph. */
const INLINE_LIMIT_BYTES = 2 ** 31 - 64 * 2 ** 20;
/** External data is split into chunks of at most this size (transformers.js names them `_data`, `_data_1`...). */
const EXTERNAL_CHUNK_BYTES = 2 ** 31 - 64 * 2 ** 20;

export interface OnnxFilePlan {
	dtype: Dtype;
	path: string;
	graph: LlamaGraph;
	/** Per weight, where its bytes go; empty when the weights are inline. */
	external: Map<WeightEntry, ExternalRef>;
	/** External data file names, relative to the graph's folder, in order. */
	dataFiles: string[];
}

export interface WrittenFile {
	path: string;
	bytes: number;
}

export interface ExternalDataLimits {
	/** Above this many bytes of weights, they go to external data files. */
	inlineLimitBytes: number;
	chunkBytes: number;
}

const DEFAULT_EXTERNAL_DATA_LIMITS: ExternalDataLimits = {
	inlineLimitBytes: INLINE_LIMIT_BYTES,
	chunkBytes: EXTERNAL_CHUNK_BYTES
};

export function planOnnxFile(
	shape: ModelShape,
	dtype: Dtype,
	limits = DEFAULT_EXTERNAL_DATA_LIMITS,
	graphOptions: GraphOptions = {}
): OnnxFilePlan {
	const graph = buildLlamaGraph(shape, dtype, graphOptions);
	const path = ONNX_FILE_NAMES[dtype];
	const external = new Map<WeightEntry, ExternalRef>();
	const dataFiles: string[] = [];
	const inlineBytes = graph.weights.reduce((n, w) => n + frameTensor(w).wireBytes, 0);
	if (inlineBytes > limits.inlineLimitBytes) {
		const base = path.slice(path.lastIndexOf('/') + 1);
		let offset = Infinity; // forces a first chunk
		for (const w of orderBySpec(shape, graph.weights)) {
			if (offset > 0 && offset + w.byteLength > limits.chunkBytes) {
				dataFiles.push(`${base}_data${dataFiles.length === 0 ? '' : `_${dataFiles.length}`}`);
				offset = 0;
			}
			// The first weight always opens a chunk (offset starts at Infinity), so there is a last file.
			external.set(w, { location: dataFiles[dataFiles.length - 1]!, offset });
			offset += w.byteLength;
		}
	}
	return { dtype, path, graph, external, dataFiles };
}

/** Weights in the order the seeded tensors are generated (the order they are written). */
function orderBySpec(shape: ModelShape, weights: WeightEntry[]): WeightEntry[] {
	const rank = new Map(tensorSpecs(shape).map((s, i) => [s.name, i]));
	return weights
		.map((w, i) => ({ w, i }))
		.sort((a, b) => rank.get(a.w.source)! - rank.get(b.w.source)! || a.i - b.i)
		.map(({ w }) => w);
}

export async function writeOnnxFiles(opts: {
	shape: ModelShape;
	plans: OnnxFilePlan[];
	seed: number;
	writer: ModelWriter;
	/** The weights; the seeded ones of `seed` when left out. */
	tensors?: TensorSource;
	/** What the files say they are; a synthetic model's words when left out. */
	describe?: { producerName: string; docString: string };
	onTensor?: (done: number, total: number) => void;
}): Promise<WrittenFile[]> {
	const { shape, plans, seed, writer } = opts;
	const tensorOf = opts.tensors ?? seededTensors(seed);
	const open = await Promise.all(
		plans.map(async (plan) => {
			const folder = plan.path.slice(0, plan.path.lastIndexOf('/') + 1);
			const weights = orderBySpec(shape, plan.graph.weights);
			const frames = weights.map((w) => frameTensor(w, plan.external.get(w)));
			const bigWireBytes = frames.reduce((n, f) => n + f.wireBytes, 0);
			const graphSink = await openSink(writer, plan.path);
			await graphSink.write(
				encodeModelPrefix(
					plan.graph.builder,
					{
						graphName: `edgewise_${shape.name}_${plan.dtype}`,
						opsets: plan.graph.opsets,
						...(opts.describe ?? {
							producerName: 'edgewise-synthetic',
							docString: `Synthetic Llama decoder (${shape.name}, ${plan.dtype}); random weights: measures speed, not quality.`
						})
					},
					bigWireBytes
				)
			);
			const dataSinks = new Map<string, Awaited<ReturnType<typeof openSink>>>();
			for (const name of plan.dataFiles) dataSinks.set(name, await openSink(writer, folder + name));
			return { plan, folder, weights, frames, graphSink, dataSinks };
		})
	);

	const specs = tensorSpecs(shape);
	for (const [index, spec] of specs.entries()) {
		const data = tensorOf(spec);
		for (const file of open) {
			for (const [i, w] of file.weights.entries()) {
				if (w.source !== spec.name) continue;
				const bytes = w.encode(data);
				if (bytes.length !== w.byteLength)
					throw new Error(`${w.name}: encoded ${bytes.length} bytes, planned ${w.byteLength}`);
				const frame = file.frames[i];
				if (!frame) throw new Error(`${w.name}: no frame planned for weight ${i}`);
				await file.graphSink.write(frame.head);
				const ref = file.plan.external.get(w);
				const sink: ModelFileSink = ref ? file.dataSinks.get(ref.location)! : file.graphSink;
				await sink.write(bytes);
			}
		}
		opts.onTensor?.(index + 1, specs.length);
	}

	const written: WrittenFile[] = [];
	for (const file of open) {
		await file.graphSink.close();
		written.push({ path: file.plan.path, bytes: file.graphSink.bytesWritten() });
		for (const [name, sink] of file.dataSinks) {
			await sink.close();
			written.push({ path: file.folder + name, bytes: sink.bytesWritten() });
		}
	}
	return written;
}
