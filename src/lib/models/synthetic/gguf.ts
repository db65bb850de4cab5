// Synthetic models as GGUF files for llama.cpp (the `llama` architecture), from the same seeded weights
// as the ONNX twins (weights.ts), so both runtimes compute the same function. Isomorphic and
// deterministic: the same shape, quant and seed always give the same bytes.
//
// What llama.cpp's loader expects, as its HF converter (convert_hf_to_gguf.py, LlamaModel) writes it:
// - ggml stores a weight as ne = [in, out] (rows of `in` values, one per output), the transpose of
//   weights.ts's [in, out] row-major matrices; the embedding [vocab, hidden] is already rows of hidden.
// - Q and K rows are permuted per head from Hugging Face's rotate_half layout (first half, second half)
//   to llama.cpp's rotary layout (adjacent pairs): new row 2i + j = old row j * headDim / 2 + i.
// - No `output.weight` when the head is tied: llama.cpp then uses `token_embd.weight`.
// - llama3 rope scaling is a `rope_freqs.weight` tensor of per-frequency divisors.
// Quantized files quantize every 2-D weight whose rows are a multiple of 32; other rows (tiny's
// intermediate size of 176) and the norms stay F32, as llama.cpp's own quantizer falls back.
import {
	encodeGgufHeader,
	encodeTensorData,
	type GgmlTypeName,
	type GgufTensorInfo,
	type GgufValue
} from './gguf-format';
import { buildGgufVocabulary, type GgufVocabulary } from './gguf-tokenizer';
import { openSink, type ModelWriter } from './model-writer';
import { ropeInvFreq } from './rope';
import type { ModelShape } from './shapes';
import {
	layerTensorName,
	seededTensors,
	tensorSpecs,
	type LayerWeights,
	type TensorSource,
	type TensorSpec
} from './weights';

export type GgufQuant = 'f32' | 'q8_0' | 'q4_0';
export const GGUF_QUANTS: readonly GgufQuant[] = ['f32', 'q8_0', 'q4_0'];

export const GGUF_FILE_NAMES: Record<GgufQuant, string> = {
	f32: 'model-f32.gguf',
	q8_0: 'model-q8_0.gguf',
	q4_0: 'model-q4_0.gguf'
};

const QUANT_TYPE: Record<GgufQuant, GgmlTypeName> = { f32: 'F32', q8_0: 'Q8_0', q4_0: 'Q4_0' };
/** llama_ftype: ALL_F32 0, MOSTLY_Q4_0 2, MOSTLY_Q8_0 7. */
const FILE_TYPE: Record<GgufQuant, number> = { f32: 0, q8_0: 7, q4_0: 2 };

const LAYER_NAMES: Record<keyof LayerWeights, string> = {
	inputNorm: 'attn_norm',
	qProj: 'attn_q',
	kProj: 'attn_k',
	vProj: 'attn_v',
	oProj: 'attn_output',
	postAttentionNorm: 'ffn_norm',
	gateProj: 'ffn_gate',
	upProj: 'ffn_up',
	downProj: 'ffn_down'
};

/** One GGUF tensor: where its values come from and how they are rearranged. */
export interface GgufTensorPlan extends GgufTensorInfo {
	source: TensorSpec | 'rope_freqs';
	/** Transpose weights.ts's [in, out] into ggml's rows of `in`. */
	transpose: boolean;
	/** Permute rows for llama.cpp's rotary layout, with this many heads. */
	permuteHeads?: number;
}

export class GgufShapeError extends Error {
	override name = 'GgufShapeError';
}

/** A weight's two dimensions, [rows, columns] as weights.ts lays it out. */
export function matrixDims(spec: Pick<TensorSpec, 'name' | 'dims'>): [number, number] {
	const [rows, columns] = spec.dims;
	if (spec.dims.length !== 2 || rows === undefined || columns === undefined)
		throw new GgufShapeError(`Tensor ${spec.name} has ${spec.dims.length} dimensions where a matrix needs 2.`);
	return [rows, columns];
}

export function isGgufQuant(value: string): value is GgufQuant {
	return (GGUF_QUANTS as readonly string[]).includes(value);
}

export function planGgufTensors(shape: ModelShape, quant: GgufQuant): GgufTensorPlan[] {
	const weightType = (rowLength: number): GgmlTypeName => (rowLength % 32 === 0 ? QUANT_TYPE[quant] : 'F32');
	const plans: GgufTensorPlan[] = [];
	for (const spec of tensorSpecs(shape)) {
		if (spec.name === 'model.embed_tokens') {
			const [v, h] = matrixDims(spec);
			plans.push({ name: 'token_embd.weight', dims: [h, v], type: weightType(h), source: spec, transpose: false });
		} else if (spec.name === 'model.norm') {
			plans.push({ name: 'output_norm.weight', dims: spec.dims, type: 'F32', source: spec, transpose: false });
		} else if (spec.name === 'lm_head') {
			const [h, v] = matrixDims(spec);
			plans.push({ name: 'output.weight', dims: [h, v], type: weightType(h), source: spec, transpose: true });
		} else {
			const match = /^model\.layers\.(\d+)\.(\w+)$/.exec(spec.name);
			if (!match) throw new GgufShapeError(`No GGUF name for tensor ${spec.name}.`);
			const part = match[2] as keyof LayerWeights;
			const name = `blk.${match[1]}.${LAYER_NAMES[part]}.weight`;
			if (spec.dims.length === 1) {
				plans.push({ name, dims: spec.dims, type: 'F32', source: spec, transpose: false });
				continue;
			}
			const [input, output] = matrixDims(spec);
			const permuteHeads = part === 'qProj' ? shape.numHeads : part === 'kProj' ? shape.numKvHeads : undefined;
			plans.push({ name, dims: [input, output], type: weightType(input), source: spec, transpose: true, permuteHeads });
		}
	}
	if (shape.ropeScaling)
		plans.unshift({
			name: 'rope_freqs.weight',
			dims: [shape.headDim / 2],
			type: 'F32',
			source: 'rope_freqs',
			transpose: false
		});
	return plans;
}

/** The llama.cpp divisors that turn unscaled rope frequencies into llama3-scaled ones. */
function ropeFreqFactors(shape: ModelShape): Float32Array {
	const scaled = ropeInvFreq(shape);
	const plain = ropeInvFreq({ ...shape, ropeScaling: undefined });
	// Both come from the same head dimension, so they have the same length.
	return Float32Array.from(plain, (f, i) => f / scaled[i]!);
}

/** A tensor's float values in ggml's layout (rows of dims[0]), before encoding. */
export function ggufTensorValues(
	shape: ModelShape,
	seed: number,
	plan: GgufTensorPlan,
	tensors: TensorSource = seededTensors(seed)
): Float32Array {
	if (plan.source === 'rope_freqs') return ropeFreqFactors(shape);
	const values = tensors(plan.source);
	if (!plan.transpose) return values;
	const [input, output] = matrixDims(plan.source);
	const out = new Float32Array(values.length);
	for (let o = 0; o < output; o++) {
		const from = ggufRowSource(plan, o, shape.headDim);
		for (let i = 0; i < input; i++) out[o * input + i] = values[i * output + from]!; // input * output values
	}
	return out;
}

/** The output column of weights.ts's [in, out] matrix that row `row` of a transposed GGUF tensor holds. */
export function ggufRowSource(plan: GgufTensorPlan, row: number, headDim: number): number {
	if (plan.permuteHeads === undefined) return row;
	const r = row % headDim;
	return row - r + (r % 2) * (headDim / 2) + Math.floor(r / 2);
}

function metadata(shape: ModelShape, quant: GgufQuant, seed: number, vocab: GgufVocabulary): [string, GgufValue][] {
	const u32 = (value: number) => ({ type: 'u32', value }) as const;
	return [
		...llamaModelMetadata(shape, quant, {
			name: `edgewise-${shape.name}`,
			description: `Edgewise synthetic ${shape.twinOf ? `twin of ${shape.twinOf}` : 'model'}, seed ${seed}. Random weights: measures speed, not quality.`
		}),
		['tokenizer.ggml.model', { type: 'string', value: 'gpt2' }],
		['tokenizer.ggml.pre', { type: 'string', value: vocab.pre }],
		['tokenizer.ggml.tokens', { type: 'string[]', value: vocab.tokens }],
		['tokenizer.ggml.token_type', { type: 'i32[]', value: vocab.tokenTypes }],
		['tokenizer.ggml.merges', { type: 'string[]', value: vocab.merges }],
		['tokenizer.ggml.bos_token_id', u32(vocab.bosTokenId)],
		['tokenizer.ggml.eos_token_id', u32(vocab.eosTokenId)],
		['tokenizer.ggml.padding_token_id', u32(vocab.eosTokenId)],
		['tokenizer.ggml.add_bos_token', { type: 'bool', value: vocab.addBosToken }],
		['tokenizer.chat_template', { type: 'string', value: vocab.chatTemplate }]
	];
}

/** The `general.*` and `llama.*` keys of a file: what it is and the model's dimensions. */
export function llamaModelMetadata(
	shape: ModelShape,
	quant: GgufQuant,
	about: { name: string; description: string }
): [string, GgufValue][] {
	const u32 = (value: number) => ({ type: 'u32', value }) as const;
	const f32 = (value: number) => ({ type: 'f32', value }) as const;
	return [
		['general.architecture', { type: 'string', value: 'llama' }],
		['general.name', { type: 'string', value: about.name }],
		['general.description', { type: 'string', value: about.description }],
		['general.file_type', u32(FILE_TYPE[quant])],
		['general.quantization_version', u32(2)],
		['llama.vocab_size', u32(shape.vocabSize)],
		['llama.context_length', u32(shape.maxPositionEmbeddings)],
		['llama.embedding_length', u32(shape.hiddenSize)],
		['llama.block_count', u32(shape.numLayers)],
		['llama.feed_forward_length', u32(shape.intermediateSize)],
		['llama.rope.dimension_count', u32(shape.headDim)],
		['llama.attention.head_count', u32(shape.numHeads)],
		['llama.attention.head_count_kv', u32(shape.numKvHeads)],
		['llama.attention.key_length', u32(shape.headDim)],
		['llama.attention.value_length', u32(shape.headDim)],
		['llama.attention.layer_norm_rms_epsilon', f32(shape.rmsNormEps)],
		['llama.rope.freq_base', f32(shape.ropeTheta)]
	];
}

export interface GgufPlan {
	path: string;
	quant: GgufQuant;
	header: Uint8Array;
	tensors: { plan: GgufTensorPlan; offset: number; size: number }[];
	bytes: number;
}

/**
 * `vocabulary` replaces the generated one (tests use it to build files llama.cpp must fail on);
 * `keys` replaces the whole metadata (a converted model writes its own, see models/llama2c/).
 */
export function planGgufFile(
	shape: ModelShape,
	quant: GgufQuant,
	seed: number,
	vocabulary?: GgufVocabulary,
	keys?: [string, GgufValue][]
): GgufPlan {
	const plans = planGgufTensors(shape, quant);
	const header = encodeGgufHeader(
		keys ?? metadata(shape, quant, seed, vocabulary ?? buildGgufVocabulary(shape)),
		plans
	);
	return {
		path: GGUF_FILE_NAMES[quant],
		quant,
		header: header.bytes,
		// The header lists the plans' tensors in order, one for one.
		tensors: header.tensors.map((t, i) => ({ plan: plans[i]!, offset: t.offset, size: t.size })),
		bytes: header.bytes.length + header.dataBytes
	};
}

/** Writes one GGUF file, a tensor at a time (a twin never holds all its weights in memory). */
export async function writeGgufFile(opts: {
	shape: ModelShape;
	quant: GgufQuant;
	seed: number;
	writer: ModelWriter;
	vocabulary?: GgufVocabulary;
	/** The weights; the seeded ones of `seed` when left out. */
	tensors?: TensorSource;
	/** Every metadata key, replacing the synthetic model's (see planGgufFile). */
	metadata?: [string, GgufValue][];
	onTensor?: (done: number, total: number) => void;
}): Promise<{ path: string; bytes: number }> {
	const plan = planGgufFile(opts.shape, opts.quant, opts.seed, opts.vocabulary, opts.metadata);
	const sink = await openSink(opts.writer, plan.path);
	await sink.write(plan.header);
	for (const [i, t] of plan.tensors.entries()) {
		const data = encodeTensorData(ggufTensorValues(opts.shape, opts.seed, t.plan, opts.tensors), t.plan.type);
		await sink.write(data);
		const written = t.offset + data.length;
		const next = plan.tensors[i + 1]?.offset ?? plan.bytes - plan.header.length;
		if (next > written) await sink.write(new Uint8Array(next - written));
		opts.onTensor?.(i + 1, plan.tensors.length);
	}
	await sink.close();
	return { path: plan.path, bytes: sink.bytesWritten() };
}

/** The layer part a GGUF tensor name stands for, for readers mapping a file back to weights.ts. */
export function weightsNameOf(ggufName: string): string | null {
	if (ggufName === 'token_embd.weight') return 'model.embed_tokens';
	if (ggufName === 'output_norm.weight') return 'model.norm';
	if (ggufName === 'output.weight') return 'lm_head';
	const match = /^blk\.(\d+)\.(\w+)\.weight$/.exec(ggufName);
	if (!match) return null;
	const part = (Object.keys(LAYER_NAMES) as (keyof LayerWeights)[]).find((p) => LAYER_NAMES[p] === match[2]);
	return part ? layerTensorName(Number(match[1]), part) : null;
}
