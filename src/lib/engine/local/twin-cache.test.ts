// A twin cached by an older generator is regenerated: the version check on its config.json. Generation
// progress names the layer being written.
import { describe, expect, it } from 'vitest';
import { generationStep, isCurrentTwinConfig } from './twin-cache';
import { buildConfig, GENERATOR_VERSION } from '../../models/synthetic/config-files';
import { SHAPES } from '../../models/synthetic/shapes';

describe('isCurrentTwinConfig', () => {
	const config = buildConfig(SHAPES.tiny, { seed: 1, dtypes: ['q8'], externalDataChunks: {} });

	it('accepts the config this generator writes', () => {
		expect(isCurrentTwinConfig(config)).toBe(true);
	});

	it('refuses an older generator version, a config without the marker, and junk', () => {
		const meta = config.edgewise_synthetic as Record<string, unknown>;
		expect(
			isCurrentTwinConfig({ ...config, edgewise_synthetic: { ...meta, generator_version: GENERATOR_VERSION - 1 } })
		).toBe(false);
		expect(isCurrentTwinConfig({ model_type: 'llama' })).toBe(false);
		expect(isCurrentTwinConfig(null)).toBe(false);
	});
});

describe('generationStep', () => {
	it('names the layer a tensor belongs to, counting from 1, and the parts outside the layers', () => {
		expect(generationStep('model.embed_tokens', 30)).toBe('embedding');
		expect(generationStep('model.layers.0.qProj', 30)).toBe('layer 1 of 30');
		expect(generationStep('model.layers.29.downProj', 30)).toBe('layer 30 of 30');
		expect(generationStep('model.norm', 30)).toBe('final norm and head');
	});
});
