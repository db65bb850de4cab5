// Weight quantization for the q8 and q4 graphs, and the matching dequantization the reference forward
// pass runs on, so a quantized graph can be checked tightly against the reference (the graph computes
// in float32 on exactly these dequantized weights; only rounding order differs).
//
// q8: symmetric int8 per output column (scale = max|w| / 127, zero point 0), the layout ONNX
//     DequantizeLinear takes with axis 1 on a [K, N] matrix.
// q4: MatMulNBits (com.microsoft) layout: B is [N, kBlocks, blockSize / 2] uint8, codes packed low nibble
//     first along K; per block an asymmetric float32 scale and a 4-bit zero point, zero points packed two
//     per byte (low nibble = even block) per row of N. The range always includes 0, as onnxruntime's own
//     quantizer does, so a block of zeros stays exact. Padding past K (when K is not a multiple of the
//     block) holds the zero point, so it dequantizes to 0.
import type { LayerWeights, LlamaWeights } from './weights';

export type Dtype = 'fp32' | 'q8' | 'q4';
export const DTYPES: readonly Dtype[] = ['fp32', 'q8', 'q4'];

export const Q4_BLOCK_SIZE = 32;

/**
 * How a q8 graph multiplies by its 8-bit weights (each measured in onnxruntime-web; see
 * docs/benchmark-history.md, "Lever: q8 format"):
 * - 'dequantize': int8 per column -> DequantizeLinear -> MatMul (float math on dequantized weights).
 * - 'nbits': com.microsoft MatMulNBits bits=8, per block of Q8_BLOCK_SIZE along K, zero point 128.
 * - 'integer': optimum-style dynamic quantization: uint8 per column (zero point 128), activations
 *   quantized per tensor at run time by DynamicQuantizeLinear, MatMulInteger, then a float rescale.
 * - 'integer-s8': the same with the weights as int8 (zero point 0): the very same integers
 *   (w_u8 - 128 = w_s8), but ONNX Runtime picks its U8S8 kernels.
 */
export type Q8Format = 'dequantize' | 'nbits' | 'integer' | 'integer-s8';
export const DEFAULT_Q8_FORMAT: Q8Format = 'integer';
export const Q8_BLOCK_SIZE = 32;

/** How a matrix's values are laid out: [K, N] (in, out; ONNX MatMul's B) or [N, K] (a tied embedding). */
export type MatrixLayout = 'kn' | 'nk';

export interface Matrix {
	data: Float32Array;
	k: number;
	n: number;
	layout: MatrixLayout;
}

export interface Q8Matrix {
	/** [K, N] int8. */
	q: Int8Array;
	/** [N] float32. */
	scales: Float32Array;
}

export interface Q4Matrix {
	/** [N, kBlocks, blockSize / 2] packed codes. */
	b: Uint8Array;
	/** [N * kBlocks]. */
	scales: Float32Array;
	/** [N * ceil(kBlocks / 2)] packed zero points. */
	zeroPoints: Uint8Array;
	kBlocks: number;
}

export class MatrixSizeError extends Error {
	override name = 'MatrixSizeError';
}

// Index access in the kernels below: every array is allocated here from K and N, and rowsNK checks that a
// matrix holds exactly K x N values first, so each index the loops compute is in range (hence the `!`s).

/** The matrix as [N, K] rows (one row per output), so per-column statistics read contiguous memory. */
function rowsNK(m: Matrix): Float32Array {
	if (m.data.length !== m.k * m.n)
		throw new MatrixSizeError(`A ${m.k} x ${m.n} matrix needs ${m.k * m.n} values, got ${m.data.length}.`);
	return m.layout === 'nk' ? m.data : transpose(m.data, m.k, m.n);
}

export function quantizeQ8(m: Matrix): Q8Matrix {
	const rows = rowsNK(m);
	const scales = new Float32Array(m.n);
	for (let c = 0; c < m.n; c++) {
		let maxAbs = 0;
		for (let i = c * m.k, end = i + m.k; i < end; i++) maxAbs = Math.max(maxAbs, Math.abs(rows[i]!));
		scales[c] = Math.fround(maxAbs > 0 ? maxAbs / 127 : 1);
	}
	const kn = m.layout === 'kn' ? m.data : transpose(m.data, m.n, m.k);
	const q = new Int8Array(m.k * m.n);
	for (let r = 0; r < m.k; r++)
		for (let c = 0, i = r * m.n; c < m.n; c++, i++)
			q[i] = Math.max(-127, Math.min(127, Math.round(kn[i]! / scales[c]!)));
	return { q, scales };
}

export function dequantizeQ8({ q, scales }: Q8Matrix, k: number, n: number): Float32Array {
	const out = new Float32Array(k * n);
	for (let r = 0; r < k; r++) for (let c = 0; c < n; c++) out[r * n + c] = q[r * n + c]! * scales[c]!;
	return out;
}

/** q8 as MatMulNBits bits=8: B [N, kBlocks, blockSize] uint8, symmetric per block (code - 128) * scale. */
export interface Q8BlockMatrix {
	b: Uint8Array;
	/** [N * kBlocks]. */
	scales: Float32Array;
	kBlocks: number;
}

export function quantizeQ8Blocks(m: Matrix, blockSize = Q8_BLOCK_SIZE): Q8BlockMatrix {
	const rows = rowsNK(m);
	const kBlocks = Math.ceil(m.k / blockSize);
	const b = new Uint8Array(m.n * kBlocks * blockSize).fill(128); // padding past K dequantizes to 0
	const scales = new Float32Array(m.n * kBlocks);
	for (let c = 0; c < m.n; c++) {
		for (let blk = 0; blk < kBlocks; blk++) {
			const start = c * m.k + blk * blockSize;
			const end = Math.min((c + 1) * m.k, start + blockSize);
			let maxAbs = 0;
			for (let i = start; i < end; i++) maxAbs = Math.max(maxAbs, Math.abs(rows[i]!));
			const scale = Math.fround(maxAbs > 0 ? maxAbs / 127 : 1);
			const base = (c * kBlocks + blk) * blockSize;
			for (let i = start; i < end; i++)
				b[base + i - start] = 128 + Math.max(-127, Math.min(127, Math.round(rows[i]! / scale)));
			scales[c * kBlocks + blk] = scale;
		}
	}
	return { b, scales, kBlocks };
}

export function dequantizeQ8Blocks(
	{ b, scales, kBlocks }: Q8BlockMatrix,
	k: number,
	n: number,
	blockSize = Q8_BLOCK_SIZE
): Float32Array {
	const out = new Float32Array(k * n);
	for (let c = 0; c < n; c++)
		for (let r = 0; r < k; r++) {
			const blk = Math.floor(r / blockSize);
			out[r * n + c] = (b[(c * kBlocks + blk) * blockSize + (r % blockSize)]! - 128) * scales[c * kBlocks + blk]!;
		}
	return out;
}

/** The int8 codes as uint8 with zero point 128 (MatMulInteger's uint8 x uint8 form): same values. */
export function q8CodesAsUint8(q: Int8Array): Uint8Array {
	const out = new Uint8Array(q.length);
	for (let i = 0; i < q.length; i++) out[i] = q[i]! + 128;
	return out;
}

export function q4Blocks(k: number): number {
	return Math.ceil(k / Q4_BLOCK_SIZE);
}

export function quantizeQ4(m: Matrix): Q4Matrix {
	const rows = rowsNK(m);
	const kBlocks = q4Blocks(m.k);
	const blob = Q4_BLOCK_SIZE / 2;
	const zpStride = Math.ceil(kBlocks / 2);
	const b = new Uint8Array(m.n * kBlocks * blob);
	const scales = new Float32Array(m.n * kBlocks);
	const zeroPoints = new Uint8Array(m.n * zpStride);
	const codes = new Uint8Array(Q4_BLOCK_SIZE);
	for (let c = 0; c < m.n; c++) {
		const row = c * m.k;
		for (let blk = 0; blk < kBlocks; blk++) {
			const start = row + blk * Q4_BLOCK_SIZE;
			const end = Math.min(row + m.k, start + Q4_BLOCK_SIZE);
			let lo = 0;
			let hi = 0;
			for (let i = start; i < end; i++) {
				const v = rows[i]!;
				if (v < lo) lo = v;
				if (v > hi) hi = v;
			}
			const scale = Math.fround(hi > lo ? (hi - lo) / 15 : 1);
			const zp = Math.max(0, Math.min(15, Math.round(-lo / scale)));
			codes.fill(zp);
			for (let i = start; i < end; i++) codes[i - start] = Math.max(0, Math.min(15, Math.round(rows[i]! / scale) + zp));
			const base = (c * kBlocks + blk) * blob;
			for (let i = 0; i < blob; i++) b[base + i] = codes[2 * i]! | (codes[2 * i + 1]! << 4);
			scales[c * kBlocks + blk] = scale;
			zeroPoints[c * zpStride + (blk >> 1)]! |= blk % 2 === 0 ? zp : zp << 4;
		}
	}
	return { b, scales, zeroPoints, kBlocks };
}

/** Back to a float32 [K, N] matrix, exactly as MatMulNBits dequantizes: (code - zero point) * scale. */
export function dequantizeQ4({ b, scales, zeroPoints, kBlocks }: Q4Matrix, k: number, n: number): Float32Array {
	const out = new Float32Array(k * n);
	const blob = Q4_BLOCK_SIZE / 2;
	const zpStride = Math.ceil(kBlocks / 2);
	for (let c = 0; c < n; c++) {
		for (let r = 0; r < k; r++) {
			const blk = Math.floor(r / Q4_BLOCK_SIZE);
			const i = r % Q4_BLOCK_SIZE;
			const byte = b[(c * kBlocks + blk) * blob + (i >> 1)]!;
			const code = i % 2 === 0 ? byte & 15 : byte >> 4;
			const zpByte = zeroPoints[c * zpStride + (blk >> 1)]!;
			const zp = blk % 2 === 0 ? zpByte & 15 : zpByte >> 4;
			out[r * n + c] = (code - zp) * scales[c * kBlocks + blk]!;
		}
	}
	return out;
}

/** Quantize then dequantize: the float32 [K, N] weights a quantized graph effectively multiplies by. */
export function roundTrip(m: Matrix, dtype: Dtype, q8Format: Q8Format = DEFAULT_Q8_FORMAT): Float32Array {
	if (dtype === 'q8' && q8Format === 'nbits') return dequantizeQ8Blocks(quantizeQ8Blocks(m), m.k, m.n);
	if (dtype === 'q8') return dequantizeQ8(quantizeQ8(m), m.k, m.n);
	if (dtype === 'q4') return dequantizeQ4(quantizeQ4(m), m.k, m.n);
	if (m.layout === 'kn') return m.data;
	return transpose(m.data, m.n, m.k);
}

/** [rows, cols] -> [cols, rows], in tiles so both sides stay in cache on big matrices. */
function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
	const out = new Float32Array(data.length);
	const tile = 64;
	for (let r0 = 0; r0 < rows; r0 += tile)
		for (let c0 = 0; c0 < cols; c0 += tile) {
			const rEnd = Math.min(rows, r0 + tile);
			const cEnd = Math.min(cols, c0 + tile);
			for (let r = r0; r < rEnd; r++) for (let c = c0; c < cEnd; c++) out[c * rows + r] = data[r * cols + c]!;
		}
	return out;
}

const PROJECTIONS = ['qProj', 'kProj', 'vProj', 'oProj', 'gateProj', 'upProj', 'downProj'] as const;

/**
 * The weights a graph of this dtype effectively computes with, for the reference forward pass: every
 * projection and the LM head replaced by its dequantized copy. The embedding stays float32 (the graphs
 * Gather from it unquantized); a tied head becomes an explicit [hidden, vocab] `lmHead`, because in a
 * quantized graph the head is a quantized copy while the embedding is not.
 */
export function dequantizeWeights(
	weights: LlamaWeights,
	dtype: Dtype,
	q8Format: Q8Format = DEFAULT_Q8_FORMAT
): LlamaWeights {
	if (dtype === 'fp32') return weights;
	const { shape } = weights;
	const layers = weights.layers.map((layer) => {
		const out: LayerWeights = { ...layer };
		for (const part of PROJECTIONS) {
			const data = layer[part];
			const n = projectionOut(shape, part);
			out[part] = roundTrip({ data, k: data.length / n, n, layout: 'kn' }, dtype, q8Format);
		}
		return out;
	});
	const h = shape.hiddenSize;
	const v = shape.vocabSize;
	const lmHead = weights.lmHead
		? roundTrip({ data: weights.lmHead, k: h, n: v, layout: 'kn' }, dtype, q8Format)
		: roundTrip({ data: weights.embedTokens, k: h, n: v, layout: 'nk' }, dtype, q8Format);
	return { ...weights, layers, lmHead };
}

function projectionOut(shape: LlamaWeights['shape'], part: (typeof PROJECTIONS)[number]): number {
	switch (part) {
		case 'qProj':
			return shape.numHeads * shape.headDim;
		case 'kProj':
		case 'vProj':
			return shape.numKvHeads * shape.headDim;
		case 'gateProj':
		case 'upProj':
			return shape.intermediateSize;
		default:
			return shape.hiddenSize;
	}
}
