// llama2.c checkpoints (Karpathy's "legacy" version-0 format, as `export.py --version 0` and the
// tinyllamas files write it) read into weights.ts's Llama weights. Isomorphic (no Node API).
//
// File: 7 little-endian int32 (dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size, seq_len; a
// negative vocab_size means the classifier is a separate tensor), then float32 tensors in this order:
// token_embedding [vocab, dim], rms_att [layers, dim], wq [layers, dim(out), dim(in)],
// wk [layers, kv_dim, dim], wv [layers, kv_dim, dim], wo [layers, dim, dim], rms_ffn [layers, dim],
// w1 [layers, hidden, dim], w2 [layers, dim, hidden], w3 [layers, hidden, dim], rms_final [dim],
// freq_cis_real and _imag [seq_len, head_size / 2] (unused: the graph computes RoPE itself), then
// wcls [vocab, dim] when not shared. Matrices are PyTorch Linear weights, [out, in] row-major.
//
// To weights.ts's layout: every matrix is transposed to [in, out]; w1 is the gate, w3 the up and w2 the
// down projection (run.c: silu(w1 x) * (w3 x), then w2). llama2.c rotates adjacent pairs (2i, 2i + 1)
// of each head (Meta's layout); the ONNX graph and reference.ts use Hugging Face's rotate_half (first
// half, second half), so wq's and wk's output rows are permuted per head the way Hugging Face's
// convert_llama_weights_to_hf.py `permute` does: new row h*D + a*D/2 + i = old row h*D + 2i + a
// (a in {0, 1}, i < D/2). gguf.ts's `ggufRowSource` is exactly the inverse, so GGUF files written from
// these weights carry llama2.c's own rows again, which is what llama.cpp's `llama` architecture takes.
import type { ModelShape } from '../synthetic/shapes';
import type { LayerWeights, LlamaWeights } from '../synthetic/weights';

const HEADER_INTS = 7;

export class Llama2cFormatError extends Error {
	override name = 'Llama2cFormatError';
}

export interface Llama2cHeader {
	dim: number;
	hiddenDim: number;
	nLayers: number;
	nHeads: number;
	nKvHeads: number;
	vocabSize: number;
	seqLen: number;
	sharedClassifier: boolean;
}

export function readLlama2cHeader(bytes: Uint8Array): Llama2cHeader {
	if (bytes.byteLength < HEADER_INTS * 4)
		throw new Llama2cFormatError(
			`A llama2.c checkpoint starts with 28 header bytes; this file has ${bytes.byteLength}.`
		);
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const int = (i: number) => view.getInt32(i * 4, true);
	const [dim, hiddenDim, nLayers, nHeads, nKvHeads, vocab, seqLen] = Array.from({ length: HEADER_INTS }, (_, i) =>
		int(i)
	) as [number, number, number, number, number, number, number];
	const header = {
		dim,
		hiddenDim,
		nLayers,
		nHeads,
		nKvHeads,
		vocabSize: Math.abs(vocab),
		seqLen,
		sharedClassifier: vocab > 0
	};
	const positive = [dim, hiddenDim, nLayers, nHeads, nKvHeads, vocab === 0 ? 0 : 1, seqLen];
	if (positive.some((n) => n <= 0) || dim % nHeads !== 0 || nHeads % nKvHeads !== 0 || (dim / nHeads) % 2 !== 0)
		throw new Llama2cFormatError(
			`Not a llama2.c version-0 checkpoint: its header reads ${JSON.stringify(header)} (a newer llama2.c export starts with the magic "ak42"; export with --version 0).`
		);
	return header;
}

/** The model shape a checkpoint describes (llama2.c fixes RMSNorm eps at 1e-5 and RoPE theta at 10000). */
export function llama2cShape(header: Llama2cHeader, name: string): ModelShape {
	return {
		name,
		hiddenSize: header.dim,
		intermediateSize: header.hiddenDim,
		numLayers: header.nLayers,
		numHeads: header.nHeads,
		numKvHeads: header.nKvHeads,
		headDim: header.dim / header.nHeads,
		vocabSize: header.vocabSize,
		maxPositionEmbeddings: header.seqLen,
		ropeTheta: 10000,
		rmsNormEps: 1e-5,
		tieWordEmbeddings: header.sharedClassifier,
		bosTokenId: 1,
		eosTokenId: 2
	};
}

/** [rows, cols] row-major to [cols, rows] row-major. */
export function transpose(values: Float32Array, rows: number, cols: number): Float32Array {
	const out = new Float32Array(values.length);
	for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c]!;
	return out;
}

/**
 * Hugging Face's rotary permutation of an [out, in] matrix's rows (see the top of this file): from
 * Meta's adjacent pairs to rotate_half's halves, per head of `headDim` rows.
 */
export function permuteRotaryRows(values: Float32Array, rows: number, cols: number, headDim: number): Float32Array {
	const out = new Float32Array(values.length);
	const half = headDim / 2;
	for (let row = 0; row < rows; row++) {
		const head = row - (row % headDim);
		const r = row % headDim;
		const from = head + 2 * (r % half) + Math.floor(r / half);
		out.set(values.subarray(from * cols, (from + 1) * cols), row * cols);
	}
	return out;
}

export interface Llama2cModel {
	header: Llama2cHeader;
	shape: ModelShape;
	/** In weights.ts's layout, wq and wk permuted for rotate_half. */
	weights: LlamaWeights;
}

export function readLlama2cCheckpoint(bytes: Uint8Array, name: string): Llama2cModel {
	const header = readLlama2cHeader(bytes);
	const shape = llama2cShape(header, name);
	const { dim, hiddenDim, nLayers, vocabSize, seqLen } = header;
	const headDim = shape.headDim;
	const kvDim = header.nKvHeads * headDim;
	const floats = (bytes.byteLength - HEADER_INTS * 4) / 4;
	const expected =
		vocabSize * dim +
		nLayers * (2 * dim + dim * dim * 2 + kvDim * dim * 2 + 3 * dim * hiddenDim) +
		dim +
		seqLen * headDim +
		(header.sharedClassifier ? 0 : vocabSize * dim);
	if (floats !== expected)
		throw new Llama2cFormatError(
			`The checkpoint's header (${JSON.stringify(header)}) calls for ${expected} float32 values after it; the file holds ${floats}.`
		);
	// Copy into a fresh buffer: the input's byte offset need not be 4-aligned (and a Node Buffer's
	// slice() is a view into a shared pool, not a copy).
	const body = new Uint8Array(floats * 4);
	body.set(bytes.subarray(HEADER_INTS * 4));
	const data = new Float32Array(body.buffer);
	let offset = 0;
	const take = (count: number) => data.subarray(offset, (offset += count));
	const perLayer = (size: number) => Array.from({ length: nLayers }, () => take(size));

	const embedTokens = take(vocabSize * dim).slice();
	const attNorm = perLayer(dim);
	const wq = perLayer(dim * dim);
	const wk = perLayer(kvDim * dim);
	const wv = perLayer(kvDim * dim);
	const wo = perLayer(dim * dim);
	const ffnNorm = perLayer(dim);
	const w1 = perLayer(hiddenDim * dim);
	const w2 = perLayer(dim * hiddenDim);
	const w3 = perLayer(hiddenDim * dim);
	const finalNorm = take(dim).slice();
	take(seqLen * headDim); // freq_cis_real and freq_cis_imag, each seq_len x head_size / 2
	const lmHead = header.sharedClassifier ? null : transpose(take(vocabSize * dim), vocabSize, dim);

	const layers: LayerWeights[] = Array.from({ length: nLayers }, (_, i) => ({
		inputNorm: attNorm[i]!.slice(),
		qProj: transpose(permuteRotaryRows(wq[i]!, dim, dim, headDim), dim, dim),
		kProj: transpose(permuteRotaryRows(wk[i]!, kvDim, dim, headDim), kvDim, dim),
		vProj: transpose(wv[i]!, kvDim, dim),
		oProj: transpose(wo[i]!, dim, dim),
		postAttentionNorm: ffnNorm[i]!.slice(),
		gateProj: transpose(w1[i]!, hiddenDim, dim),
		upProj: transpose(w3[i]!, hiddenDim, dim),
		downProj: transpose(w2[i]!, dim, hiddenDim)
	}));
	return { header, shape, weights: { shape, embedTokens, layers, finalNorm, lmHead } };
}
