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
import { argmax } from '../../src/lib/models/synthetic/reference-math';

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
			new ort.Tensor('int64', BigInt64Array.from(rows.flat().map(BigInt)), [rows.length, rows[0]?.length ?? 0]);
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
		const output = (name: string): Tensor => {
			const tensor = out[name];
			if (!tensor) throw new Error(`The graph has no output ${name}; compare its outputs with graph.ts.`);
			return tensor;
		};
		for (let i = 0; i < this.shape.numLayers; i++) {
			this.past[`past_key_values.${i}.key`] = output(`present.${i}.key`);
			this.past[`past_key_values.${i}.value`] = output(`present.${i}.value`);
		}
		const logitsTensor = output('logits');
		const logits = logitsTensor.data as Float32Array;
		const [batch, seq, vocab] = logitsTensor.dims as [number, number, number];
		return Array.from({ length: batch }, (_, b) =>
			Array.from({ length: seq }, (_, t) => logits.subarray((b * seq + t) * vocab, (b * seq + t + 1) * vocab))
		);
	}
}

/** max |graph - reference| / max |reference| over the graph's rows, each against the reference's row. */
export function relativeError(graph: ArrayLike<number>[], reference: ArrayLike<number>[]): number {
	let maxDiff = 0;
	let maxRef = 0;
	for (const [r, row] of graph.entries()) {
		const refRow = reference[r];
		if (!refRow) throw new Error(`The reference has no row ${r} (${reference.length} rows) to compare with.`);
		if (row.length !== refRow.length) throw new Error(`Row ${r}: ${row.length} graph values vs ${refRow.length}.`);
		for (let i = 0; i < refRow.length; i++) {
			maxDiff = Math.max(maxDiff, Math.abs(row[i]! - refRow[i]!));
			maxRef = Math.max(maxRef, Math.abs(refRow[i]!));
		}
	}
	return maxDiff / maxRef;
}

export { argmax };

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
		const positionIds = positionIdsFromMask(mask, inputIds[0]!.length);
		const graph = await runner.step({ inputIds, attentionMask: mask, positionIds });
		const ref = forward(reference, { inputIds, attentionMask: mask, positionIds, cache });
		cache = ref.cache;
		// Batch 1, and each side returns one row per input token (at least one).
		const graphRows = graph[0]!;
		const refRows = ref.logits[0]!;
		errors.push(relativeError(graphRows, refRows));
		const next = argmax(graphRows[graphRows.length - 1]!);
		referenceLast.push(refRows[refRows.length - 1]!);
		tokens.push(next);
		inputIds = [[next]];
		mask[0]!.push(1);
	}
	return { errors, tokens, referenceLast };
}
