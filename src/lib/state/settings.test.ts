import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, sanitizeSettings } from './settings.svelte';

describe('sanitizeSettings', () => {
	it('returns the defaults for nothing or garbage', () => {
		expect(sanitizeSettings(undefined)).toEqual(DEFAULT_SETTINGS);
		expect(sanitizeSettings('dark')).toEqual(DEFAULT_SETTINGS);
		expect(sanitizeSettings({ mode: 42, maxNewTokens: 'many', runLocal: 'yes', schedule: 'random' })).toEqual(
			DEFAULT_SETTINGS
		);
	});

	it('keeps valid fields and repairs the rest one by one', () => {
		expect(
			sanitizeSettings({
				mode: 'chat',
				maxNewTokens: 9999.4,
				systemPrompt: 'Be brief.',
				runCloud: false, // moved to each slot's "Include in runs"; dropped here
				schedule: 'together',
				apiKey: 'sk-x'
			})
		).toEqual({
			mode: 'chat',
			maxNewTokens: 4096,
			systemPrompt: 'Be brief.',
			schedule: 'together'
		});
	});
});
