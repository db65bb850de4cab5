// Token choice for the Edgewise build when a request is not greedy (greedy runs inside the wasm, ew_greedy):
// temperature, then nucleus (top-p), then a draw from a seeded generator, so a seed repeats a run.

/** mulberry32: a small seeded generator; the same seed gives the same draws. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Samples from logits at a temperature above 0, keeping the smallest set whose probability reaches topP. */
export function sampleToken(logits: Float32Array, temperature: number, topP: number, random: () => number): number {
	let max = -Infinity;
	for (const v of logits) if (v > max) max = v;
	const order: number[] = [];
	const weights = new Float64Array(logits.length);
	let total = 0;
	for (let i = 0; i < logits.length; i++) {
		const w = Math.exp((logits[i]! - max) / temperature);
		weights[i] = w;
		total += w;
		// Only tokens within e^-30 of the best can matter for any topP.
		if (w > 1e-13) order.push(i);
	}
	order.sort((a, b) => weights[b]! - weights[a]!);
	let kept = 0;
	let cumulative = 0;
	for (const i of order) {
		cumulative += weights[i]! / total;
		kept++;
		if (cumulative >= topP) break;
	}
	let draw = random() * cumulative;
	for (let k = 0; k < kept; k++) {
		const i = order[k]!;
		draw -= weights[i]! / total;
		if (draw <= 0) return i;
	}
	return order[kept - 1]!;
}
