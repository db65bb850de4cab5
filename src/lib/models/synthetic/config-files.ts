// config.json and generation_config.json as a Hugging Face / optimum export writes them for a
// LlamaForCausalLM, so transformers.js (and anything else reading the Hub layout) treats a synthetic
// model like a downloaded one. Field set follows the real SmolLM2 / Llama-3.2 config.json files.
import type { Dtype } from './quantize';
import type { ModelShape } from './shapes';

const TRANSFORMERS_VERSION = '4.46.0';

/**
 * Bumped whenever the generator's output bytes change for the same shape and seed, so
 * `make-model --if-missing` regenerates folders written by an older generator.
 */
// 3: q8 as DynamicQuantizeLinear + MatMulInteger; 4: num_logits_to_keep input (both for speed)
export const GENERATOR_VERSION = 4;

export interface ConfigOptions {
	seed: number;
	dtypes: readonly Dtype[];
	/** External data chunk count per ONNX file name ('model.onnx': 3), for files that need them. */
	externalDataChunks: Record<string, number>;
	/** GGUF files written beside the graphs; listed only when there are some. */
	ggufQuants?: readonly string[];
}

export function buildConfig(shape: ModelShape, opts: ConfigOptions): Record<string, unknown> {
	const s = shape.ropeScaling;
	const jsConfig: Record<string, unknown> = {};
	// transformers.js reads this to fetch `model.onnx_data` (+ `_1`, `_2`...) next to a >2 GB graph.
	if (Object.keys(opts.externalDataChunks).length > 0) jsConfig.use_external_data_format = opts.externalDataChunks;
	return {
		architectures: ['LlamaForCausalLM'],
		attention_bias: false,
		attention_dropout: 0.0,
		bos_token_id: shape.bosTokenId,
		eos_token_id: shape.eosTokenId,
		head_dim: shape.headDim,
		hidden_act: 'silu',
		hidden_size: shape.hiddenSize,
		initializer_range: 0.02,
		intermediate_size: shape.intermediateSize,
		max_position_embeddings: shape.maxPositionEmbeddings,
		mlp_bias: false,
		model_type: 'llama',
		num_attention_heads: shape.numHeads,
		num_hidden_layers: shape.numLayers,
		num_key_value_heads: shape.numKvHeads,
		pad_token_id: shape.eosTokenId,
		pretraining_tp: 1,
		rms_norm_eps: shape.rmsNormEps,
		rope_scaling: s
			? {
					factor: s.factor,
					high_freq_factor: s.highFreqFactor,
					low_freq_factor: s.lowFreqFactor,
					original_max_position_embeddings: s.originalMaxPositionEmbeddings,
					rope_type: s.ropeType
				}
			: null,
		rope_theta: shape.ropeTheta,
		tie_word_embeddings: shape.tieWordEmbeddings,
		torch_dtype: 'float32',
		transformers_version: TRANSFORMERS_VERSION,
		use_cache: true,
		vocab_size: shape.vocabSize,
		'transformers.js_config': jsConfig,
		// Not read by any library: tells Edgewise (and people) that the weights are random.
		edgewise_synthetic: {
			generator_version: GENERATOR_VERSION,
			shape: shape.name,
			twin_of: shape.twinOf ?? null,
			seed: opts.seed,
			dtypes: [...opts.dtypes],
			...(opts.ggufQuants?.length ? { gguf: [...opts.ggufQuants] } : {}),
			note: 'Random weights: measures speed, not quality.'
		}
	};
}

export function buildGenerationConfig(shape: ModelShape): Record<string, unknown> {
	return {
		_from_model_config: true,
		bos_token_id: shape.bosTokenId,
		eos_token_id: shape.eosTokenId,
		pad_token_id: shape.eosTokenId,
		transformers_version: TRANSFORMERS_VERSION
	};
}
