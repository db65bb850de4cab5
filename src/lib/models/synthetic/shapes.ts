// Model shapes Edgewise can generate. `tiny` is for tests and the app's first run; the twins copy the
// exact dimensions of real small models so their speed can be measured without downloading them.
// Twins measure speed, not quality: their weights are random.

export interface RopeScaling {
	ropeType: 'llama3';
	factor: number;
	lowFreqFactor: number;
	highFreqFactor: number;
	originalMaxPositionEmbeddings: number;
}

export interface ModelShape {
	name: string;
	/** The real model this shape copies, if any. */
	twinOf?: string;
	hiddenSize: number;
	intermediateSize: number;
	numLayers: number;
	numHeads: number;
	numKvHeads: number;
	headDim: number;
	vocabSize: number;
	maxPositionEmbeddings: number;
	ropeTheta: number;
	ropeScaling?: RopeScaling;
	rmsNormEps: number;
	tieWordEmbeddings: boolean;
	bosTokenId: number;
	eosTokenId: number;
}

// What the SmolLM2 sizes share, the same in each one's config.json: one tokenizer (vocabulary and special
// tokens), context length, RoPE base, norm epsilon and tied embeddings. Only the dimensions differ.
const SMOLLM2_FAMILY = {
	vocabSize: 49152,
	maxPositionEmbeddings: 8192,
	ropeTheta: 100000,
	rmsNormEps: 1e-5,
	tieWordEmbeddings: true,
	bosTokenId: 1,
	eosTokenId: 2
} as const;

export const SHAPES = {
	tiny: {
		name: 'tiny',
		hiddenSize: 64,
		intermediateSize: 176,
		numLayers: 2,
		numHeads: 4,
		numKvHeads: 2,
		headDim: 16,
		vocabSize: 1024,
		maxPositionEmbeddings: 2048,
		ropeTheta: 10000,
		rmsNormEps: 1e-5,
		tieWordEmbeddings: false,
		bosTokenId: 1,
		eosTokenId: 2
	},
	// https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct/blob/main/config.json
	'smollm2-135m': {
		name: 'smollm2-135m',
		twinOf: 'HuggingFaceTB/SmolLM2-135M-Instruct',
		hiddenSize: 576,
		intermediateSize: 1536,
		numLayers: 30,
		numHeads: 9,
		numKvHeads: 3,
		headDim: 64,
		...SMOLLM2_FAMILY
	},
	// https://huggingface.co/HuggingFaceTB/SmolLM2-360M-Instruct/blob/main/config.json
	'smollm2-360m': {
		name: 'smollm2-360m',
		twinOf: 'HuggingFaceTB/SmolLM2-360M-Instruct',
		hiddenSize: 960,
		intermediateSize: 2560,
		numLayers: 32,
		numHeads: 15,
		numKvHeads: 5,
		headDim: 64,
		...SMOLLM2_FAMILY
	},
	// https://huggingface.co/meta-llama/Llama-3.2-1B-Instruct/blob/main/config.json
	'llama-3.2-1b': {
		name: 'llama-3.2-1b',
		twinOf: 'meta-llama/Llama-3.2-1B-Instruct',
		hiddenSize: 2048,
		intermediateSize: 8192,
		numLayers: 16,
		numHeads: 32,
		numKvHeads: 8,
		headDim: 64,
		vocabSize: 128256,
		maxPositionEmbeddings: 131072,
		ropeTheta: 500000,
		ropeScaling: {
			ropeType: 'llama3',
			factor: 32,
			lowFreqFactor: 1,
			highFreqFactor: 4,
			originalMaxPositionEmbeddings: 8192
		},
		rmsNormEps: 1e-5,
		tieWordEmbeddings: true,
		bosTokenId: 128000,
		eosTokenId: 128001
	}
} as const satisfies Record<string, ModelShape>;

export type ShapeName = keyof typeof SHAPES;

/** Shapes that copy a real model (every shape but `tiny`), in the order pickers list them. */
export type TwinShapeName = Exclude<ShapeName, 'tiny'>;
export const TWIN_SHAPES = (Object.keys(SHAPES) as ShapeName[]).filter(
	(name): name is TwinShapeName => name !== 'tiny'
);

export function isTwinShape(name: string): name is TwinShapeName {
	return (TWIN_SHAPES as readonly string[]).includes(name);
}
