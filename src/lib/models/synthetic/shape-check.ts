// Validates a model shape before anything is written, so a bad shape fails fast with a message that says
// which number to change (the CLI also lets people override dimensions of a named shape).
import type { ModelShape } from './shapes';

export class InvalidShapeError extends Error {
	override name = 'InvalidShapeError';
}

export function validateShape(shape: ModelShape): void {
	const positive = [
		'hiddenSize',
		'intermediateSize',
		'numLayers',
		'numHeads',
		'numKvHeads',
		'headDim',
		'vocabSize'
	] as const;
	for (const key of positive) {
		const value = shape[key];
		if (!Number.isInteger(value) || value <= 0)
			throw new InvalidShapeError(`${key} must be a positive integer (got ${value}).`);
	}
	if (shape.hiddenSize % shape.numHeads !== 0)
		throw new InvalidShapeError(
			`numHeads (${shape.numHeads}) must divide hiddenSize (${shape.hiddenSize}); pick a head count that divides it.`
		);
	if (shape.numHeads % shape.numKvHeads !== 0)
		throw new InvalidShapeError(
			`numKvHeads (${shape.numKvHeads}) must divide numHeads (${shape.numHeads}) for grouped-query attention.`
		);
	if (shape.headDim % 2 !== 0)
		throw new InvalidShapeError(`headDim (${shape.headDim}) must be even for rotary embeddings.`);
	const ids = [shape.bosTokenId, shape.eosTokenId];
	if (ids.some((id) => !Number.isInteger(id) || id < 0 || id >= shape.vocabSize))
		throw new InvalidShapeError(
			`bos/eos token ids (${ids.join(', ')}) must lie inside the vocabulary (${shape.vocabSize}).`
		);
}
