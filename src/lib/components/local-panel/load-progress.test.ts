// The progress block as the server renders it (svelte/server): what a person reads at each point of a load.
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { LoadState } from '../../state/local-engine.svelte';
import LoadProgress from './load-progress.svelte';

const text = (progress: LoadState) =>
	render(LoadProgress, { props: { progress } })
		.body.replace(/<!--[^>]*-->/g, '')
		.replace(/<[^>]+>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();

describe('load progress', () => {
	it('says "Preparing…" before any byte count is known, never "0 B / 0 B"', () => {
		const shown = text({ files: {}, loadedBytes: 0, totalBytes: 0, stage: null });
		expect(shown).toBe('Preparing…');
	});

	it('names the stage while a twin is generated, still without a byte total', () => {
		const files = { 'generating twin: weights': { loadedBytes: 3, totalBytes: 21 } };
		const shown = text({
			files,
			loadedBytes: 0,
			totalBytes: 0,
			stage: 'Generating the smollm2-135m twin (random weights)'
		});
		expect(shown).toBe('generating twin: weights Generating the smollm2-135m twin (random weights)…');
	});

	it('shows the bytes once the sizes are known', () => {
		const files = { 'onnx/model.onnx': { loadedBytes: 1000, totalBytes: 2000 } };
		const shown = text({ files, loadedBytes: 1000, totalBytes: 2000, stage: null });
		expect(shown).toMatch(/^Total 1(\.0)? kB \/ 2(\.0)? kB onnx\/model\.onnx$/);
	});
});
