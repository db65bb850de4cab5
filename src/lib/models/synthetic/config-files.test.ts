import { describe, expect, it } from 'vitest';
import { buildConfig, buildGenerationConfig } from './config-files';
import { InvalidShapeError, validateShape } from './shape-check';
import { SHAPES } from './shapes';

describe('config.json', () => {
	it('carries the dimensions transformers.js reads for a Llama, like the SmolLM2 export', () => {
		const config = buildConfig(SHAPES['smollm2-135m'], { seed: 1, dtypes: ['q4'], externalDataChunks: {} });
		expect(config).toMatchObject({
			architectures: ['LlamaForCausalLM'],
			model_type: 'llama',
			hidden_size: 576,
			intermediate_size: 1536,
			num_hidden_layers: 30,
			num_attention_heads: 9,
			num_key_value_heads: 3,
			head_dim: 64,
			vocab_size: 49152,
			rope_theta: 100000,
			rope_scaling: null,
			tie_word_embeddings: true,
			bos_token_id: 1,
			eos_token_id: 2,
			'transformers.js_config': {}
		});
	});

	it('writes llama3 rope scaling and external data chunk counts in the Hub spelling', () => {
		const config = buildConfig(SHAPES['llama-3.2-1b'], {
			seed: 1,
			dtypes: ['fp32'],
			externalDataChunks: { 'model.onnx': 3 }
		});
		expect(config.rope_scaling).toEqual({
			factor: 32,
			high_freq_factor: 4,
			low_freq_factor: 1,
			original_max_position_embeddings: 8192,
			rope_type: 'llama3'
		});
		expect(config['transformers.js_config']).toEqual({ use_external_data_format: { 'model.onnx': 3 } });
		expect(buildGenerationConfig(SHAPES['llama-3.2-1b'])).toMatchObject({ bos_token_id: 128000, eos_token_id: 128001 });
	});
});

describe('validateShape', () => {
	it('accepts every named shape', () => {
		for (const shape of Object.values(SHAPES)) expect(() => validateShape(shape)).not.toThrow();
	});

	it('says which number to change', () => {
		expect(() => validateShape({ ...SHAPES.tiny, numHeads: 5 })).toThrow(
			new InvalidShapeError('numHeads (5) must divide hiddenSize (64); pick a head count that divides it.')
		);
		expect(() => validateShape({ ...SHAPES.tiny, numKvHeads: 3 })).toThrow(
			/numKvHeads \(3\) must divide numHeads \(4\)/
		);
		expect(() => validateShape({ ...SHAPES.tiny, numLayers: 0 })).toThrow(/numLayers must be a positive integer/);
	});
});
