import { describe, expect, it } from 'vitest';
import { SHAPES } from './shapes';
import { generateTensor, materializeWeights, tensorSpecs } from './weights';

describe('synthetic weights', () => {
	it('gives the same values for the same seed and different values for another', () => {
		const spec = tensorSpecs(SHAPES.tiny)[1]!;
		expect(generateTensor(1, spec)).toEqual(generateTensor(1, spec));
		expect(generateTensor(2, spec)).not.toEqual(generateTensor(1, spec));
	});

	it('draws each tensor at its stated scale', () => {
		for (const spec of tensorSpecs(SHAPES.tiny)) {
			const values = generateTensor(7, spec);
			const mean = values.reduce((a, b) => a + b, 0) / values.length;
			const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
			const [wantMean, wantStd] = spec.init.kind === 'normal' ? [0, spec.init.std] : [1, 0.1];
			// Four standard errors: a wrong scale fails, sampling noise on small tensors does not.
			const n = values.length;
			expect(Math.abs(mean - wantMean)).toBeLessThan((4 * wantStd) / Math.sqrt(n));
			expect(Math.abs(std / wantStd - 1)).toBeLessThan(4 / Math.sqrt(2 * n));
		}
	});

	it('materializes every layer with the shape of the model', () => {
		const w = materializeWeights(SHAPES.tiny, 1);
		const s = SHAPES.tiny;
		expect(w.layers).toHaveLength(s.numLayers);
		expect(w.layers[0]?.qProj.length).toBe(s.hiddenSize * s.numHeads * s.headDim);
		expect(w.layers[1]?.downProj.length).toBe(s.intermediateSize * s.hiddenSize);
		expect(w.lmHead?.length).toBe(s.hiddenSize * s.vocabSize);
	});
});
