import { describe, expect, it } from 'vitest';
import { chooseBuild, EdgewiseBuildUnavailableError } from './build-choice';

const isolated = { isolated: true, flavour: 'relaxed' as const };
const cpu = { webgpu: false, modelBytes: null };

describe('chooseBuild', () => {
	it('Auto takes the Edgewise flavour the browser validates', () => {
		expect(chooseBuild('auto', isolated, cpu)).toEqual({ build: 'edgewise', flavour: 'relaxed' });
		expect(chooseBuild('auto', { isolated: true, flavour: 'simd128' }, cpu)).toEqual({
			build: 'edgewise',
			flavour: 'simd128'
		});
	});

	it('Auto falls back to wllama, saying why: WebGPU, no isolation, no SIMD, a model over wasm32', () => {
		const why = (decision: ReturnType<typeof chooseBuild>) => (decision.build === 'wllama' ? decision.notice : '');
		expect(why(chooseBuild('auto', isolated, { webgpu: true, modelBytes: null }))).toMatch(/CPU only/);
		expect(why(chooseBuild('auto', { isolated: false, flavour: 'relaxed' }, cpu))).toMatch(/cross-origin isolated/);
		expect(why(chooseBuild('auto', { isolated: true, flavour: null }, cpu))).toMatch(/no WebAssembly SIMD/);
		expect(why(chooseBuild('auto', isolated, { webgpu: false, modelBytes: 4 * 1024 ** 3 }))).toMatch(/4 GiB/);
	});

	it('a named build runs as named, or fails with the reason', () => {
		expect(chooseBuild('wllama', isolated, cpu)).toEqual({ build: 'wllama' });
		expect(chooseBuild('edgewise-simd128', isolated, cpu)).toEqual({ build: 'edgewise', flavour: 'simd128' });
		expect(() => chooseBuild('edgewise-relaxed', { isolated: true, flavour: 'simd128' }, cpu)).toThrow(
			EdgewiseBuildUnavailableError
		);
		expect(() => chooseBuild('edgewise-relaxed', { isolated: false, flavour: 'relaxed' }, cpu)).toThrow(/isolated/);
	});
});
