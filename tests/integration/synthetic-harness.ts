// Shared by the synthetic-model integration tests: generate the tiny graphs in memory, and drive a graph
// step by step through its KV cache (as transformers.js does) with onnxruntime-node or onnxruntime-web.
import { fileURLToPath } from 'node:url';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { ONNX_FILE_NAMES } from '../../src/lib/models/synthetic/graph';
import { MemoryModelWriter } from '../../src/lib/models/synthetic/model-writer';
import { planOnnxFile, writeOnnxFiles } from '../../src/lib/models/synthetic/onnx-stream';
import { DTYPES, type Dtype } from '../../src/lib/models/synthetic/quantize';
import { forward, positionIdsFromMask, type KvCache } from '../../src/lib/models/synthetic/reference';
import type { ModelShape } from '../../src/lib/models/synthetic/shapes';
import type { LlamaWeights } from '../../src/lib/models/synthetic/weights';

ortWeb.env.wasm.numThreads = 1;
ortWeb.env.wasm.wasmPaths = fileURLToPath(new URL('../../node_modules/onnxruntime-web/dist/', import.meta.url));

type Ort = typeof ortNode | typeof ortWeb;
type Session = ortNode.InferenceSession | ortWeb.InferenceSession;
type Tensor = ortNode.Tensor | ortWeb.Tensor;

export interface Runtime {
	name: string;
	open(bytes: Uint8Array): Promise<Session>;
	ort: Ort;
}

export const RUNTIMES: Runtime[] = [
	// What transformers.js gets in Node. (No graph has DequantizeLinear+MatMul any more, so the old
	// `qdq_matmulnbits_accuracy_level` variant of this runtime would run the same kernels.)
	{ name: 'onnxruntime-node', ort: ortNode, open: (b) => ortNode.InferenceSession.create(b) },
	{ name: 'onnxruntime-web (wasm)', ort: ortWeb, open: (b) => ortWeb.InferenceSession.create(b) }
];

export async function tinyGraphs(shape: ModelShape, seed: number): Promise<Map<Dtype, Uint8Array>> {
	const writer = new MemoryModelWriter();
	await writeOnnxFiles({ shape, plans: DTYPES.map((d) => planOnnxFile(shape, d)), seed, writer });
	return new Map(DTYPES.map((d) => [d, writer.files.get(ONNX_FILE_NAMES[d])!]));
}

export interface StepInput {
	inputIds: number[][];
	attentionMask: number[][];
	positionIds: number[][];
}

/** One forward call; returns logits [batch][seq] -> Float32Array(vocab) and the new cache tensors. */
export class GraphRunner {
	private past: Record<string, Tensor> = {};

	constructor(
		private readonly runtime: Runtime,
		private readonly session: Session,
		private readonly shape: ModelShape
	) {}

	reset(batch: number): void {
		const { ort } = this.runtime;
		const empty = () =>
			new ort.Tensor('float32', new Float32Array(0), [batch, this.shape.numKvHeads, 0, this.shape.headDim]);
		this.past = {};
		for (let i = 0; i < this.shape.numLayers; i++) {
			this.past[`past_key_values.${i}.key`] = empty();
			this.past[`past_key_values.${i}.value`] = empty();
		}
	}

	/** `keep`: the graph's num_logits_to_keep (0, the default here, returns every position's logits). */
	async step(input: StepInput, keep = 0): Promise<Float32Array[][]> {
		const { ort } = this.runtime;
		const int64 = (rows: number[][]) =>
			new ort.Tensor('int64', BigInt64Array.from(rows.flat().map(BigInt)), [rows.length, rows[0].length]);
		const feeds = {
			input_ids: int64(input.inputIds),
			attention_mask: int64(input.attentionMask),
			position_ids: int64(input.positionIds),
			num_logits_to_keep: new ort.Tensor('int64', BigInt64Array.of(BigInt(keep)), []),
			...this.past
		};
		// The two runtimes' types differ only nominally.
		const out = (await (this.session as ortNode.InferenceSession).run(
			feeds as Record<string, ortNode.Tensor>
		)) as Record<string, Tensor>;
		for (let i = 0; i < this.shape.numLayers; i++) {
			this.past[`past_key_values.${i}.key`] = out[`present.${i}.key`];
			this.past[`past_key_values.${i}.value`] = out[`present.${i}.value`];
		}
		const logits = out.logits.data as Float32Array;
		const [batch, seq, vocab] = out.logits.dims as number[];
		return Array.from({ length: batch }, (_, b) =>
			Array.from({ length: seq }, (_, t) => logits.subarray((b * seq + t) * vocab, (b * seq + t + 1) * vocab))
		);
	}
}

/** max |graph - reference| / max |reference| over the compared rows. */
export function relativeError(graph: ArrayLike<number>[], reference: ArrayLike<number>[]): number {
	let maxDiff = 0;
	let maxRef = 0;
	for (let r = 0; r < graph.length; r++) {
		for (let i = 0; i < reference[r].length; i++) {
			maxDiff = Math.max(maxDiff, Math.abs(graph[r][i] - reference[r][i]));
			maxRef = Math.max(maxRef, Math.abs(reference[r][i]));
		}
	}
	return maxDiff / maxRef;
}

export function argmax(values: ArrayLike<number>): number {
	let best = 0;
	for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
	return best;
}

/**
 * Prefill `prompt`, then `steps` greedy decode steps through the graph's KV cache, each step run by the
 * reference forward pass too. Per step: the relative logit error, the graph's own greedy choice, and the
 * reference's logits at the last position (to judge that choice).
 */
export async function decodeAgainstReference(
	runner: GraphRunner,
	reference: LlamaWeights,
	prompt: number[],
	steps: number
): Promise<{ errors: number[]; tokens: number[]; referenceLast: Float64Array[] }> {
	runner.reset(1);
	let cache: KvCache | undefined;
	let inputIds = [prompt];
	const mask = [prompt.map(() => 1)];
	const errors: number[] = [];
	const tokens: number[] = [];
	const referenceLast: Float64Array[] = [];
	for (let step = 0; step <= steps; step++) {
		const positionIds = positionIdsFromMask(mask, inputIds[0].length);
		const graph = await runner.step({ inputIds, attentionMask: mask, positionIds });
		const ref = forward(reference, { inputIds, attentionMask: mask, positionIds, cache });
		cache = ref.cache;
		errors.push(relativeError(graph[0], ref.logits[0]));
		const next = argmax(graph[0][graph[0].length - 1]);
		referenceLast.push(ref.logits[0][ref.logits[0].length - 1]);
		tokens.push(next);
		inputIds = [[next]];
		mask[0].push(1);
	}
	return { errors, tokens, referenceLast };
}
