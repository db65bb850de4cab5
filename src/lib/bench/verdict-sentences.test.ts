import { describe, expect, it } from 'vitest';
import { baselineOf, engineSentences, unshownCaveats } from './verdict-sentences';
import { verdictOf, type VerdictEngine } from './verdict';

const engine = (
	id: string,
	ttftMs: number | null,
	decode: number | null,
	extra: Partial<VerdictEngine> = {}
): VerdictEngine => ({
	id,
	info: { placement: id === 'cloud' ? 'remote' : 'device', label: id },
	figures: {
		ttftMs,
		decodeTokensPerS: decode,
		tpotMs: decode ? 1000 / decode : null,
		e2eMs: ttftMs,
		outputTokens: 16
	},
	...extra
});
const names = { base: 'hf-stories260K · wasm q8', fast: 'hf-stories260K · webgpu q4', cloud: 'Reference · stories' };

describe('engineSentences', () => {
	it('says one short sentence per engine against the baseline, names as they are', () => {
		const verdict = verdictOf(
			[engine('base', 100, 50), engine('fast', 50, 90), engine('cloud', 200, 50.5), engine('slow', 300, 25)],
			{ singleRun: true, names }
		)!;
		expect(baselineOf(verdict)).toBe('base');
		expect(engineSentences(verdict, names).map((s) => s.text)).toEqual([
			'hf-stories260K · webgpu q4 decodes 1.8x faster; its first token comes 2.0x sooner.',
			'Reference · stories decodes about as fast; its first token comes 2.0x later.',
			'slow decodes 2.0x slower; its first token comes 3.0x later.'
		]);
	});

	it('says when there is no decode figure to compare', () => {
		const verdict = verdictOf([engine('base', 100, 50), engine('cloud', 40, null)], { singleRun: true, names })!;
		expect(engineSentences(verdict, names)[0]?.text).toBe(
			'Reference · stories has no decode figure to compare; its first token comes 2.5x sooner.'
		);
	});
});

describe('unshownCaveats', () => {
	it('leaves out what the panes already say: notices, and a software adapter a pane names', () => {
		const adapter = { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true };
		const notice = 'WebGPU here is a software adapter (google swiftshader): use it to check correctness, not speed.';
		const verdict = verdictOf(
			[
				engine('base', 100, 50),
				engine('fast', 50, 90, { info: { placement: 'device', label: 'fast', adapter, notices: [notice] } })
			],
			{ singleRun: true }
		)!;
		expect(verdict.caveats.map((c) => c.kind)).toEqual(['single-run', 'software-adapter', 'notice']);
		expect(unshownCaveats(verdict, { fast: [notice] }).map((c) => c.kind)).toEqual(['single-run']);
		// A pane that does not say it: the caveat stays.
		expect(unshownCaveats(verdict, {}).map((c) => c.kind)).toEqual(['single-run', 'software-adapter']);
	});
});
