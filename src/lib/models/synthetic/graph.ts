// The Llama decoder as an ONNX graph with the I/O of an optimum export, so transformers.js drives its
// KV cache exactly as it does for a Hub model:
//   inputs  input_ids [batch, seq] int64, attention_mask [batch, total_seq] int64,
//           position_ids [batch, seq] int64, past_key_values.{i}.key|value [batch, kvHeads, past_seq, headDim],
//           num_logits_to_keep [] int64 (logits for the last k positions only; 0 = every position)
//   outputs logits [batch, kept, vocab], present.{i}.key|value [batch, kvHeads, total_seq, headDim]
// Only standard ONNX ops (opset 17) plus com.microsoft MatMulNBits for q4, so onnxruntime-node, -web
// (wasm and WebGPU) all run it.
//
// The graph describes its weights as `WeightEntry`s (name, dims, and how to encode them from the seeded
// float32 tensor they come from) instead of holding them: generate.ts produces each seeded tensor once
// and streams every entry derived from it.
import { DT, GraphBuilder, tensorByteLength, type BigTensor, type DataType } from './onnx-builder';
import {
	DEFAULT_Q8_FORMAT,
	Q4_BLOCK_SIZE,
	Q8_BLOCK_SIZE,
	q4Blocks,
	q8CodesAsUint8,
	quantizeQ4,
	quantizeQ8,
	quantizeQ8Blocks,
	type Dtype,
	type Matrix,
	type Q8Format
} from './quantize';
import { ropeInvFreq } from './rope';
import type { ModelShape } from './shapes';
import { layerTensorName, type LayerWeights } from './weights';

/** float32 lowest: masked scores stay finite, so a fully masked (pad) row softmaxes to uniform, not NaN. */
const MASK_VALUE = -3.4028234663852886e38;

export interface WeightEntry extends BigTensor {
	/** Name of the seeded tensor (weights.ts `tensorSpecs`) this entry is derived from. */
	source: string;
	encode(data: Float32Array): Uint8Array;
}

export interface LlamaGraph {
	builder: GraphBuilder;
	weights: WeightEntry[];
	opsets: Record<string, number>;
}

export const ONNX_FILE_NAMES: Record<Dtype, string> = {
	fp32: 'onnx/model.onnx',
	q8: 'onnx/model_quantized.onnx',
	q4: 'onnx/model_q4.onnx'
};

const bytesOf = (a: Float32Array | Int8Array | Uint8Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

export interface GraphOptions {
	q8Format?: Q8Format;
	/** MatMulNBits accuracy_level for q8 'nbits' (unset: the attribute is left out, i.e. 0, float math). */
	q8AccuracyLevel?: number;
	/** MatMulNBits accuracy_level for q4 (unset: left out, i.e. float math). Benchmarks only. */
	q4AccuracyLevel?: number;
}

export function buildLlamaGraph(shape: ModelShape, dtype: Dtype, opts: GraphOptions = {}): LlamaGraph {
	const { q8Format = DEFAULT_Q8_FORMAT, q8AccuracyLevel, q4AccuracyLevel } = opts;
	const { hiddenSize: h, numHeads, numKvHeads: kv, headDim: d, vocabSize: v, intermediateSize: f } = shape;
	if (numHeads % kv !== 0) throw new Error(`numHeads ${numHeads} is not a multiple of numKvHeads ${kv}`);
	const nRep = numHeads / kv;
	const g = new GraphBuilder();
	const weights: WeightEntry[] = [];

	// The entries derived from one quantization (codes, scales, zero points) share its result. One slot
	// for the whole graph, not one per matrix: the writer encodes one seeded tensor at a time, and a slot
	// per matrix would keep every tensor of the model alive until the graph is dropped.
	let slot: { key: string; data: Float32Array; result: unknown } | undefined;
	const shared =
		<T>(key: string, fn: (data: Float32Array) => T) =>
		(data: Float32Array): T => {
			if (slot?.key !== key || slot.data !== data) slot = { key, data, result: fn(data) };
			return slot.result as T;
		};

	const addWeight = (
		name: string,
		source: string,
		dataType: DataType,
		dims: number[],
		encode: WeightEntry['encode']
	) => {
		weights.push({ name, source, dataType, dims, byteLength: tensorByteLength(dataType, dims), encode });
		return name;
	};

	/**
	 * y = x @ W for a seeded matrix, in this graph's dtype. `out` names the result. Each branch's last node
	 * has exactly one output (`outputs` is one name or a count of 1), hence its `[0]!`.
	 */
	const linear = (
		x: string,
		m: { source: string; k: number; n: number; layout: Matrix['layout'] },
		out?: string
	): string => {
		const outputs = out ? [out] : 1;
		const matrix = (data: Float32Array): Matrix => ({ data, k: m.k, n: m.n, layout: m.layout });
		if (dtype === 'fp32') {
			if (m.layout !== 'kn') throw new Error('fp32 linear takes [in, out] weights');
			const w = addWeight(m.source, m.source, DT.FLOAT, [m.k, m.n], bytesOf);
			return g.node('MatMul', [x, w], {}, { outputs })[0]!;
		}
		if (dtype === 'q8' && q8Format === 'nbits') {
			const q = shared(`${m.source}.q8b`, (data) => quantizeQ8Blocks(matrix(data)));
			const blocks = Math.ceil(m.k / Q8_BLOCK_SIZE);
			const bName = addWeight(`${m.source}.q8`, m.source, DT.UINT8, [m.n, blocks, Q8_BLOCK_SIZE], (data) => q(data).b);
			const scales = addWeight(`${m.source}.q8_scales`, m.source, DT.FLOAT, [m.n * blocks], (data) =>
				bytesOf(q(data).scales)
			);
			const zeros = addWeight(`${m.source}.q8_zero_points`, m.source, DT.UINT8, [m.n * blocks], () =>
				new Uint8Array(m.n * blocks).fill(128)
			);
			const attrs = {
				K: m.k,
				N: m.n,
				bits: 8,
				block_size: Q8_BLOCK_SIZE,
				...(q8AccuracyLevel !== undefined ? { accuracy_level: q8AccuracyLevel } : {})
			};
			return g.node('MatMulNBits', [x, bName, scales, zeros], attrs, { outputs, domain: 'com.microsoft' })[0]!;
		}
		if (dtype === 'q8' && (q8Format === 'integer' || q8Format === 'integer-s8')) {
			// optimum's dynamic quantization: x -> uint8 per tensor at run time, int32 product, then
			// y = acc * (x_scale * w_scale[col]).
			const q = shared(`${m.source}.q8`, (data) => quantizeQ8(matrix(data)));
			const s8 = q8Format === 'integer-s8';
			const w = s8
				? addWeight(`${m.source}.q8`, m.source, DT.INT8, [m.k, m.n], (data) => bytesOf(q(data).q))
				: addWeight(`${m.source}.q8`, m.source, DT.UINT8, [m.k, m.n], (data) => q8CodesAsUint8(q(data).q));
			const scale = addWeight(`${m.source}.q8_scale`, m.source, DT.FLOAT, [m.n], (data) => bytesOf(q(data).scales));
			const zero = s8
				? addWeight(`${m.source}.q8_zero_point`, m.source, DT.INT8, [m.n], () => new Uint8Array(m.n))
				: addWeight(`${m.source}.q8_zero_point`, m.source, DT.UINT8, [m.n], () => new Uint8Array(m.n).fill(128));
			const [xq, xScale, xZero] = g.node('DynamicQuantizeLinear', [x], {}, { outputs: 3 }) as [string, string, string];
			const acc = g.op('Cast', [g.op('MatMulInteger', [xq, w, xZero, zero])], { to: DT.FLOAT });
			return g.node('Mul', [acc, g.op('Mul', [xScale, scale])], {}, { outputs })[0]!;
		}
		if (dtype === 'q8') {
			const q = shared(`${m.source}.q8`, (data) => quantizeQ8(matrix(data)));
			const w = addWeight(`${m.source}.q8`, m.source, DT.INT8, [m.k, m.n], (data) => bytesOf(q(data).q));
			const scale = addWeight(`${m.source}.q8_scale`, m.source, DT.FLOAT, [m.n], (data) => bytesOf(q(data).scales));
			const zero = addWeight(`${m.source}.q8_zero_point`, m.source, DT.INT8, [m.n], () => new Uint8Array(m.n));
			const wf = g.op('DequantizeLinear', [w, scale, zero], { axis: 1 });
			return g.node('MatMul', [x, wf], {}, { outputs })[0]!;
		}
		const q = shared(`${m.source}.q4`, (data) => quantizeQ4(matrix(data)));
		const blocks = q4Blocks(m.k);
		const bName = addWeight(
			`${m.source}.q4`,
			m.source,
			DT.UINT8,
			[m.n, blocks, Q4_BLOCK_SIZE / 2],
			(data) => q(data).b
		);
		const scales = addWeight(`${m.source}.q4_scales`, m.source, DT.FLOAT, [m.n * blocks], (data) =>
			bytesOf(q(data).scales)
		);
		const zeros = addWeight(
			`${m.source}.q4_zero_points`,
			m.source,
			DT.UINT8,
			[m.n * Math.ceil(blocks / 2)],
			(data) => q(data).zeroPoints
		);
		const attrs = {
			K: m.k,
			N: m.n,
			bits: 4,
			block_size: Q4_BLOCK_SIZE,
			...(q4AccuracyLevel !== undefined ? { accuracy_level: q4AccuracyLevel } : {})
		};
		return g.node('MatMulNBits', [x, bName, scales, zeros], attrs, { outputs, domain: 'com.microsoft' })[0]!;
	};
	const proj = (layer: number, part: keyof LayerWeights, k: number, n: number) =>
		({ source: layerTensorName(layer, part), k, n, layout: 'kn' }) as const;

	const rmsNorm = (x: string, source: string) => {
		const w = addWeight(source, source, DT.FLOAT, [h], bytesOf);
		// Pow(x, 2), not Mul(x, x): onnxruntime recognises this pattern (HF's `pow(2).mean`) and fuses the
		// norm into one SimplifiedLayerNormalization kernel.
		const meanSquare = g.op('ReduceMean', [g.op('Pow', [x, g.float([2], [])])], { axes: [-1], keepdims: 1 });
		const rms = g.op('Sqrt', [g.op('Add', [meanSquare, g.float([shape.rmsNormEps], [])])]);
		return g.op('Mul', [g.op('Div', [x, rms]), w]);
	};

	// ---- inputs and outputs
	const [B, S, T, P] = ['batch_size', 'sequence_length', 'total_sequence_length', 'past_sequence_length'];
	const inputIds = g.input('input_ids', DT.INT64, [B, S]);
	const attentionMask = g.input('attention_mask', DT.INT64, [B, T]);
	const positionIds = g.input('position_ids', DT.INT64, [B, S]);
	const past = Array.from({ length: shape.numLayers }, (_, i) => ({
		key: g.input(`past_key_values.${i}.key`, DT.FLOAT, [B, kv, P, d]),
		value: g.input(`past_key_values.${i}.value`, DT.FLOAT, [B, kv, P, d])
	}));
	// transformers.js feeds 1 while generating when a graph declares this input (setNumLogitsToKeep), so a
	// 512-token prefill computes one row of the vocab-sized head instead of 512 and returns 200 KB, not 100 MB.
	const numLogitsToKeep = g.input('num_logits_to_keep', DT.INT64, []);
	g.output('logits', DT.FLOAT, [B, 'kept_sequence_length', v]);
	for (let i = 0; i < shape.numLayers; i++) {
		g.output(`present.${i}.key`, DT.FLOAT, [B, kv, T, d]);
		g.output(`present.${i}.value`, DT.FLOAT, [B, kv, T, d]);
	}

	// ---- embedding (float32 in every dtype: a Gather reads a few rows, quantizing it saves no compute)
	const embed = addWeight('model.embed_tokens', 'model.embed_tokens', DT.FLOAT, [v, h], bytesOf);
	let x = g.op('Gather', [embed, inputIds], { axis: 0 });

	// ---- additive mask [B, 1, 1, S, T]: query i (absolute position past + i) sees key j <= past + i
	// that is not padding. Indices, not position_ids, decide causality, as in transformers.
	const scalar = (n: number) => g.int64([n], []);
	const seqLen = g.op('Gather', [g.op('Shape', [inputIds]), scalar(1)], { axis: 0 });
	const totalLen = g.op('Gather', [g.op('Shape', [attentionMask]), scalar(1)], { axis: 0 });
	const pastLen = g.op('Sub', [totalLen, seqLen]);
	const queryIdx = g.op('Unsqueeze', [g.op('Range', [pastLen, totalLen, scalar(1)]), g.int64([1])]);
	const keyIdx = g.op('Range', [scalar(0), totalLen, scalar(1)]);
	const causal = g.op('LessOrEqual', [keyIdx, queryIdx]);
	const notPad = g.op('Unsqueeze', [g.op('Cast', [attentionMask], { to: DT.BOOL }), g.int64([1, 2, 3])]);
	const allowed = g.op('And', [causal, notPad]);
	const mask = g.op('Where', [allowed, g.float([0], []), g.float([MASK_VALUE], [])]);

	// ---- rotary tables from position_ids: cos/sin of cat(freqs, freqs), [B, S, headDim]
	const invFreq = g.float(Array.from(ropeInvFreq(shape), (x) => Math.fround(x)));
	const positions = g.op('Unsqueeze', [g.op('Cast', [positionIds], { to: DT.FLOAT }), g.int64([2])]);
	const freqs = g.op('Mul', [positions, invFreq]);
	const angles = g.op('Concat', [freqs, freqs], { axis: -1 });
	const [cos, sin] = [g.op('Cos', [angles]), g.op('Sin', [angles])];
	// Keys are [B, kv, S, D]; queries are grouped as [B, kv, nRep, S, D] (see below).
	const cosK = g.op('Unsqueeze', [cos, g.int64([1])]);
	const sinK = g.op('Unsqueeze', [sin, g.int64([1])]);
	const cosQ = g.op('Unsqueeze', [cos, g.int64([1, 2])]);
	const sinQ = g.op('Unsqueeze', [sin, g.int64([1, 2])]);
	const half = d / 2;
	const rope = (t: string, c: string, s: string) => {
		const x1 = g.op('Slice', [t, g.int64([0]), g.int64([half]), g.int64([-1])]);
		const x2 = g.op('Slice', [t, g.int64([half]), g.int64([d]), g.int64([-1])]);
		const rotated = g.op('Concat', [g.op('Neg', [x2]), x1], { axis: -1 });
		return g.op('Add', [g.op('Mul', [t, c]), g.op('Mul', [rotated, s])]);
	};

	const scoreScale = g.float([1 / Math.sqrt(d)], []);
	for (let i = 0; i < shape.numLayers; i++) {
		// Grouped-query attention without copying keys: query head kvHead * nRep + r is laid out as
		// [B, kv, nRep, S, D] and broadcasts against its kv head's [B, kv, 1, T, D] keys and values,
		// which is transformers' repeat_kv order.
		const hn = rmsNorm(x, layerTensorName(i, 'inputNorm'));
		/** [B, S, heads * D] -> reshaped to `dims` ([0, 0] copies B and S), then permuted. */
		const heads = (t: string, dims: number[], perm: number[]) =>
			g.op('Transpose', [g.op('Reshape', [t, g.int64(dims)])], { perm });
		const q5 = heads(linear(hn, proj(i, 'qProj', h, numHeads * d)), [0, 0, kv, nRep, d], [0, 2, 3, 1, 4]);
		const k4 = heads(linear(hn, proj(i, 'kProj', h, kv * d)), [0, 0, kv, d], [0, 2, 1, 3]);
		const v4 = heads(linear(hn, proj(i, 'vProj', h, kv * d)), [0, 0, kv, d], [0, 2, 1, 3]);
		const q = rope(q5, cosQ, sinQ);
		const k = rope(k4, cosK, sinK);
		const layerPast = past[i]!; // one entry per layer
		const presentKey = g.node('Concat', [layerPast.key, k], { axis: 2 }, { outputs: [`present.${i}.key`] })[0]!;
		const presentValue = g.node('Concat', [layerPast.value, v4], { axis: 2 }, { outputs: [`present.${i}.value`] })[0]!;
		const keysT = g.op('Transpose', [g.op('Unsqueeze', [presentKey, g.int64([2])])], { perm: [0, 1, 2, 4, 3] });
		const scores = g.op('Add', [g.op('Mul', [g.op('MatMul', [q, keysT]), scoreScale]), mask]);
		const probs = g.op('Softmax', [scores], { axis: -1 });
		const context = g.op('MatMul', [probs, g.op('Unsqueeze', [presentValue, g.int64([2])])]);
		const merged = g.op('Reshape', [
			g.op('Transpose', [context], { perm: [0, 3, 1, 2, 4] }),
			g.int64([0, 0, numHeads * d])
		]);
		x = g.op('Add', [x, linear(merged, proj(i, 'oProj', numHeads * d, h))]);

		// SwiGLU MLP
		const mn = rmsNorm(x, layerTensorName(i, 'postAttentionNorm'));
		const gate = linear(mn, proj(i, 'gateProj', h, f));
		const up = linear(mn, proj(i, 'upProj', h, f));
		const act = g.op('Mul', [g.op('Mul', [gate, g.op('Sigmoid', [gate])]), up]);
		x = g.op('Add', [x, linear(act, proj(i, 'downProj', f, h))]);
	}

	// Keep positions [S - k, S): Slice clamps, so k = 0 (start -0) and k >= S both keep every position.
	const keepFrom = g.op('Neg', [g.op('Unsqueeze', [numLogitsToKeep, g.int64([0])])]);
	const kept = g.op('Slice', [x, keepFrom, g.int64([Number.MAX_SAFE_INTEGER]), g.int64([1])]);
	const final = rmsNorm(kept, 'model.norm');
	if (!shape.tieWordEmbeddings) {
		linear(final, { source: 'lm_head', k: h, n: v, layout: 'kn' }, 'logits');
	} else if (dtype === 'fp32') {
		// Tied: multiply by the embedding itself; onnxruntime folds the constant Transpose at load.
		g.node('MatMul', [final, g.op('Transpose', [embed], { perm: [1, 0] })], {}, { outputs: ['logits'] });
	} else {
		// Quantized graphs keep the Gather table float32 and add a quantized copy for the head.
		linear(final, { source: 'model.embed_tokens', k: h, n: v, layout: 'nk' }, 'logits');
	}
	const contrib = dtype === 'q4' || (dtype === 'q8' && q8Format === 'nbits');
	return { builder: g, weights, opsets: contrib ? { '': 17, 'com.microsoft': 1 } : { '': 17 } };
}
