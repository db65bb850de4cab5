import { describe, expect, it } from 'vitest';
import { detectEdgewiseFlavour } from './edgewise-features';

// Node 20's V8 ships SIMD128 but keeps relaxed SIMD behind --experimental-wasm-relaxed-simd: the probe
// modules must be well formed for the answer to be SIMD128 rather than nothing. (Chromium's answer,
// relaxed, is checked in tests/e2e/edgewise-llama.spec.ts.)
describe('detectEdgewiseFlavour', () => {
	it('picks SIMD128 on an engine without relaxed SIMD', () => {
		expect(detectEdgewiseFlavour()).toBe(process.versions.node.startsWith('20.') ? 'simd128' : 'relaxed');
	});
});
