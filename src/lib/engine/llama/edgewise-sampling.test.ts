import { describe, expect, it } from 'vitest';
import { sampleToken, seededRandom } from './edgewise-sampling';

describe('sampleToken', () => {
	const logits = new Float32Array([1, 3, 2, -5]);

	it('repeats a run for the same seed', () => {
		const draw = (seed: number) => {
			const random = seededRandom(seed);
			return Array.from({ length: 20 }, () => sampleToken(logits, 1, 1, random));
		};
		expect(draw(7)).toEqual(draw(7));
		expect(draw(7)).not.toEqual(draw(8));
	});

	it('keeps only the nucleus: a small topP leaves the best token alone', () => {
		const random = seededRandom(1);
		for (let i = 0; i < 50; i++) expect(sampleToken(logits, 1, 0.1, random)).toBe(1);
	});

	it('draws in proportion to the softmax at the temperature', () => {
		const random = seededRandom(3);
		const counts = [0, 0, 0, 0];
		const n = 20000;
		for (let i = 0; i < n; i++) counts[sampleToken(logits, 1, 1, random)]!++;
		const z = Math.exp(1) + Math.exp(3) + Math.exp(2) + Math.exp(-5);
		expect(counts[1]! / n).toBeCloseTo(Math.exp(3) / z, 1);
		expect(counts[2]! / n).toBeCloseTo(Math.exp(2) / z, 1);
	});
});
