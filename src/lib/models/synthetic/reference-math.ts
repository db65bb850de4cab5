// Small float64 kernels for the reference forward pass. Written for clarity, not speed: the
// reference only runs on the tiny shape and in tests. Each kernel checks its operands' sizes first, so
// the indices its loops compute are in range (hence the `!`s).

export class OperandSizeError extends Error {
	override name = 'OperandSizeError';
}

function needLength(what: string, actual: number, expected: number): void {
	if (actual < expected) throw new OperandSizeError(`${what} has ${actual} values; the kernel needs ${expected}.`);
}

/** The most negative float32, the value optimum-exported Llama graphs add for masked scores. */
export const FLOAT32_LOWEST = -3.4028234663852886e38;

/** x / sqrt(mean(x^2) + eps) * weight (Llama's RMSNorm, no bias, no mean subtraction). */
export function rmsNorm(x: ArrayLike<number>, weight: ArrayLike<number>, eps: number): Float64Array {
	needLength('RMSNorm weight', weight.length, x.length);
	let sumSquares = 0;
	for (let i = 0; i < x.length; i++) sumSquares += x[i]! * x[i]!;
	const scale = 1 / Math.sqrt(sumSquares / x.length + eps);
	const out = new Float64Array(x.length);
	for (let i = 0; i < x.length; i++) out[i] = x[i]! * scale * weight[i]!;
	return out;
}

/** Numerically stable softmax (max subtracted first), in place. */
export function softmaxInPlace(x: Float64Array): Float64Array {
	let max = -Infinity;
	for (let i = 0; i < x.length; i++) if (x[i]! > max) max = x[i]!;
	let sum = 0;
	for (let i = 0; i < x.length; i++) {
		const e = Math.exp(x[i]! - max);
		x[i] = e;
		sum += e;
	}
	for (let i = 0; i < x.length; i++) x[i]! /= sum;
	return x;
}

/** y = x @ W for a row vector x [in] and W stored [in, out] row-major. */
export function vecMat(x: ArrayLike<number>, w: ArrayLike<number>, outDim: number): Float64Array {
	needLength('matrix', w.length, x.length * outDim);
	const out = new Float64Array(outDim);
	for (let i = 0; i < x.length; i++) {
		const xi = x[i]!;
		if (xi === 0) continue;
		const row = i * outDim;
		for (let j = 0; j < outDim; j++) out[j]! += xi * w[row + j]!;
	}
	return out;
}

/** y = x @ W^T for W stored [rows, dim] row-major: the tied LM head (h @ embed^T). */
export function vecMatTransposed(x: ArrayLike<number>, w: ArrayLike<number>, rows: number): Float64Array {
	const dim = x.length;
	needLength('matrix', w.length, rows * dim);
	const out = new Float64Array(rows);
	for (let r = 0; r < rows; r++) {
		let sum = 0;
		const base = r * dim;
		for (let i = 0; i < dim; i++) sum += x[i]! * w[base + i]!;
		out[r] = sum;
	}
	return out;
}

export function silu(x: number): number {
	return x / (1 + Math.exp(-x));
}

/** Index of the largest value; the lowest index wins ties (what argmax does in ORT and PyTorch). */
export function argmax(x: ArrayLike<number>): number {
	let best = 0;
	for (let i = 1; i < x.length; i++) if (x[i]! > x[best]!) best = i;
	return best;
}
