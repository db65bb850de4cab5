// Seeded weights for synthetic Llama models. Each tensor is drawn from its own stream, keyed by
// (seed, tensor name), so a tensor can be generated alone (the big twins never hold every tensor in
// memory at once) and the same seed and shape always give the same bytes.
//
// Layout: matrices are stored [in, out] row-major, the layout ONNX MatMul takes as its B input, so
// y = x @ W. The embedding is [vocab, hidden]. A tied LM head reuses the embedding (logits = h @ E^T).
//
// Scales are chosen so activations stay finite through every layer and the output distribution is
// neither flat nor one-hot: projections use std 1/sqrt(fan_in), so each sublayer's output has about
// unit RMS; RMSNorm keeps the residual stream's growth harmless; the LM head gives logits with a
// standard deviation of about LOGIT_STD.
import type { ModelShape } from './shapes';

const LOGIT_STD = 3;

export interface TensorSpec {
	name: string;
	dims: number[];
	init: { kind: 'normal'; std: number } | { kind: 'norm' };
}

export interface LayerWeights {
	inputNorm: Float32Array; // [hidden]
	qProj: Float32Array; // [hidden, heads * headDim]
	kProj: Float32Array; // [hidden, kvHeads * headDim]
	vProj: Float32Array; // [hidden, kvHeads * headDim]
	oProj: Float32Array; // [heads * headDim, hidden]
	postAttentionNorm: Float32Array; // [hidden]
	gateProj: Float32Array; // [hidden, intermediate]
	upProj: Float32Array; // [hidden, intermediate]
	downProj: Float32Array; // [intermediate, hidden]
}

export interface LlamaWeights {
	shape: ModelShape;
	embedTokens: Float32Array; // [vocab, hidden]
	layers: LayerWeights[];
	finalNorm: Float32Array; // [hidden]
	/** [hidden, vocab]; null when tied to embedTokens. */
	lmHead: Float32Array | null;
}

export function layerTensorName(layer: number, part: keyof LayerWeights): string {
	return `model.layers.${layer}.${part}`;
}

/** Every tensor of the model, in a fixed order, with its dimensions and how it is initialised. */
export function tensorSpecs(shape: ModelShape): TensorSpec[] {
	const { hiddenSize: h, intermediateSize: f, numHeads, numKvHeads, headDim, vocabSize: v } = shape;
	const qDim = numHeads * headDim;
	const kvDim = numKvHeads * headDim;
	const headStd = LOGIT_STD / Math.sqrt(h);
	const normal = (std: number) => ({ kind: 'normal', std }) as const;
	const specs: TensorSpec[] = [
		// Tied: the embedding doubles as the LM head, so it takes the head's scale (norms make the
		// embedding's own scale irrelevant to the first layer).
		{ name: 'model.embed_tokens', dims: [v, h], init: normal(shape.tieWordEmbeddings ? headStd : 1) }
	];
	for (let i = 0; i < shape.numLayers; i++) {
		const t = (part: keyof LayerWeights, dims: number[], init: TensorSpec['init']) =>
			specs.push({ name: layerTensorName(i, part), dims, init });
		t('inputNorm', [h], { kind: 'norm' });
		t('qProj', [h, qDim], normal(1 / Math.sqrt(h)));
		t('kProj', [h, kvDim], normal(1 / Math.sqrt(h)));
		t('vProj', [h, kvDim], normal(1 / Math.sqrt(h)));
		t('oProj', [qDim, h], normal(1 / Math.sqrt(qDim)));
		t('postAttentionNorm', [h], { kind: 'norm' });
		t('gateProj', [h, f], normal(1 / Math.sqrt(h)));
		t('upProj', [h, f], normal(1 / Math.sqrt(h)));
		t('downProj', [f, h], normal(1 / Math.sqrt(f)));
	}
	specs.push({ name: 'model.norm', dims: [h], init: { kind: 'norm' } });
	if (!shape.tieWordEmbeddings) specs.push({ name: 'lm_head', dims: [h, v], init: normal(headStd) });
	return specs;
}

/** FNV-1a over the seed and name: a stable 32-bit key per tensor. */
function streamKey(seed: number, name: string): number {
	let hash = 0x811c9dc5 ^ (seed >>> 0);
	for (let i = 0; i < name.length; i++) {
		hash ^= name.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return hash >>> 0;
}

/** mulberry32: small, fast, and identical on every JavaScript engine. */
function mulberry32(state: number): () => number {
	return () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function generateTensor(seed: number, spec: TensorSpec): Float32Array {
	const count = spec.dims.reduce((a, b) => a * b, 1);
	const out = new Float32Array(count);
	const next = mulberry32(streamKey(seed, spec.name));
	// Box-Muller, both outputs used. Norm weights are 1 + small noise, like a trained model's.
	const std = spec.init.kind === 'normal' ? spec.init.std : 0.1;
	const mean = spec.init.kind === 'normal' ? 0 : 1;
	for (let i = 0; i < count; i += 2) {
		const u1 = 1 - next();
		const u2 = next();
		const r = Math.sqrt(-2 * Math.log(u1)) * std;
		out[i] = mean + r * Math.cos(2 * Math.PI * u2);
		if (i + 1 < count) out[i + 1] = mean + r * Math.sin(2 * Math.PI * u2);
	}
	return out;
}

/** Where each tensor's float values come from, by its spec (weights.ts's layout). */
export type TensorSource = (spec: TensorSpec) => Float32Array;

/** The seeded tensors of `seed`: what every synthetic model is made of. */
export function seededTensors(seed: number): TensorSource {
	return (spec) => generateTensor(seed, spec);
}

/** A source over weights already in memory (a converted checkpoint), by tensor name. */
export function weightsTensors(weights: LlamaWeights): TensorSource {
	const byName = new Map<string, Float32Array>([
		['model.embed_tokens', weights.embedTokens],
		['model.norm', weights.finalNorm],
		...(weights.lmHead ? ([['lm_head', weights.lmHead]] as const) : [])
	]);
	weights.layers.forEach((layer, i) => {
		for (const [part, values] of Object.entries(layer))
			byName.set(layerTensorName(i, part as keyof LayerWeights), values);
	});
	return (spec) => {
		const values = byName.get(spec.name);
		const count = spec.dims.reduce((a, b) => a * b, 1);
		if (!values || values.length !== count)
			throw new Error(`No weights for ${spec.name} (${count} values expected, ${values?.length ?? 'none'} given).`);
		return values;
	};
}

/** Every tensor in memory at once: fine for tiny, tests and the reference; twins stream instead. */
export function materializeWeights(shape: ModelShape, seed: number): LlamaWeights {
	const byName = new Map(tensorSpecs(shape).map((spec) => [spec.name, generateTensor(seed, spec)]));
	const get = (name: string) => byName.get(name)!;
	const parts: (keyof LayerWeights)[] = [
		'inputNorm',
		'qProj',
		'kProj',
		'vProj',
		'oProj',
		'postAttentionNorm',
		'gateProj',
		'upProj',
		'downProj'
	];
	const layers = Array.from(
		{ length: shape.numLayers },
		(_, i) => Object.fromEntries(parts.map((p) => [p, get(layerTensorName(i, p))])) as unknown as LayerWeights
	);
	return {
		shape,
		embedTokens: get('model.embed_tokens'),
		layers,
		finalNorm: get('model.norm'),
		lmHead: shape.tieWordEmbeddings ? null : get('lm_head')
	};
}
