// The weights a GGUF file stands for, back in weights.ts's layout: each tensor quantized and
// dequantized exactly as the file stores it, so the reference forward pass (reference.ts) can run on
// what llama.cpp multiplies by. For F32 files this is the seeded weights themselves.
import { decodeTensorData, encodeTensorData } from './gguf-format';
import { ggufRowSource, ggufTensorValues, matrixDims, planGgufTensors, type GgufQuant } from './gguf';
import type { ModelShape } from './shapes';
import { materializeWeights, type LlamaWeights } from './weights';

export function ggufReferenceWeights(shape: ModelShape, seed: number, quant: GgufQuant): LlamaWeights {
	const weights = materializeWeights(shape, seed);
	const byName = new Map<string, Float32Array>([
		['model.embed_tokens', weights.embedTokens],
		['model.norm', weights.finalNorm],
		...(weights.lmHead ? ([['lm_head', weights.lmHead]] as const) : [])
	]);
	weights.layers.forEach((layer, i) => {
		for (const [part, values] of Object.entries(layer)) byName.set(`model.layers.${i}.${part}`, values);
	});
	for (const plan of planGgufTensors(shape, quant)) {
		if (plan.source === 'rope_freqs' || plan.type === 'F32') continue;
		const stored = ggufTensorValues(shape, seed, plan);
		const decoded = decodeTensorData(encodeTensorData(stored, plan.type), plan.type, stored.length);
		const target = byName.get(plan.source.name)!;
		if (!plan.transpose) {
			target.set(decoded);
			continue;
		}
		// Undo ggufTensorValues's transpose and rotary permutation.
		const [input, output] = matrixDims(plan.source);
		for (let o = 0; o < output; o++) {
			const from = ggufRowSource(plan, o, shape.headDim);
			for (let i = 0; i < input; i++) target[i * output + from] = decoded[o * input + i]!; // input * output values
		}
	}
	return weights;
}
