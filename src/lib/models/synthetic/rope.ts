// Rotary position embeddings as Hugging Face's LlamaRotaryEmbedding computes them: the half-split
// ("rotate_half") layout, not the interleaved one, with optional llama3 frequency scaling.
// The graph builder takes its cos/sin tables from `ropeInvFreq`, so graph and reference cannot
// disagree about frequencies; the rotation itself is written out independently in each.
import type { ModelShape } from './shapes';

/**
 * inv_freq[i] = 1 / theta^(2i / headDim), i < headDim / 2, then llama3 scaling when the shape has it,
 * exactly as transformers' `_compute_default_rope_parameters` + `_compute_llama3_parameters`.
 * Float64 here; HF computes in float32 (the difference is far below the graph tests' tolerance).
 */
export function ropeInvFreq(shape: Pick<ModelShape, 'headDim' | 'ropeTheta' | 'ropeScaling'>): Float64Array {
	const half = shape.headDim / 2;
	const invFreq = new Float64Array(half);
	for (let i = 0; i < half; i++) invFreq[i] = 1 / shape.ropeTheta ** ((2 * i) / shape.headDim);
	const scaling = shape.ropeScaling;
	if (!scaling) return invFreq;
	const { factor, lowFreqFactor, highFreqFactor, originalMaxPositionEmbeddings: oldContext } = scaling;
	const lowFreqWavelen = oldContext / lowFreqFactor;
	const highFreqWavelen = oldContext / highFreqFactor;
	for (let i = 0; i < half; i++) {
		const f = invFreq[i]!; // invFreq has `half` entries
		const wavelen = (2 * Math.PI) / f;
		if (wavelen < highFreqWavelen) continue; // high frequencies: unchanged
		if (wavelen > lowFreqWavelen) {
			invFreq[i] = f / factor; // low frequencies: stretched by the full factor
			continue;
		}
		// In between: interpolate smoothly between the scaled and unscaled frequency.
		const smooth = (oldContext / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
		invFreq[i] = ((1 - smooth) * f) / factor + smooth * f;
	}
	return invFreq;
}

/**
 * Rotates one head vector in place: x[offset .. offset + 2 * invFreq.length) at `position`.
 * out = x * cos + rotate_half(x) * sin, with rotate_half(x) = [-x2, x1] and cos/sin = cat(freqs, freqs).
 */
export function applyRope(x: Float64Array, offset: number, position: number, invFreq: Float64Array): void {
	const half = invFreq.length;
	if (offset < 0 || offset + 2 * half > x.length)
		throw new RangeError(`RoPE: a head of ${2 * half} values at ${offset} does not fit in ${x.length}.`);
	for (let i = 0; i < half; i++) {
		// In range: checked above.
		const angle = position * invFreq[i]!;
		const cos = Math.cos(angle);
		const sin = Math.sin(angle);
		const a = x[offset + i]!;
		const b = x[offset + i + half]!;
		x[offset + i] = a * cos - b * sin;
		x[offset + i + half] = b * cos + a * sin;
	}
}
