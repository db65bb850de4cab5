// Model shapes the integration tests share beside SHAPES.tiny: a tied LM head with llama3 rope scaling (a band
// of smoothed frequencies: original context 256, so wavelengths 167 and 4440 fall in the medium and low bands),
// and the same with 4 query heads per kv head. One copy, so the GGUF writer, llama.cpp and the ONNX graph are
// checked on the same model.
import { SHAPES, type ModelShape } from '../../src/lib/models/synthetic/shapes';

export const TIED_LLAMA3: ModelShape = {
	...SHAPES.tiny,
	name: 'tiny-tied-llama3',
	tieWordEmbeddings: true,
	ropeTheta: 500000,
	ropeScaling: {
		ropeType: 'llama3',
		factor: 8,
		lowFreqFactor: 1,
		highFreqFactor: 4,
		originalMaxPositionEmbeddings: 256
	}
};

export const TIED_GQA_LLAMA3: ModelShape = {
	...TIED_LLAMA3,
	name: 'tiny-tied-gqa4-llama3',
	numHeads: 8,
	numKvHeads: 2,
	headDim: 8
};
