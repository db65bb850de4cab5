// A twin cached by an older generator is regenerated: the version check on its config.json.
import { describe, expect, it } from 'vitest';
import { isCurrentTwinConfig } from './twin-cache';
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
