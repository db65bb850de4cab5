// PLACEHOLDER until the GGUF source module lands: the built-in model only.
import type { ModelInfo } from '../engine/types';
import { DEFAULT_MODEL_ID, type ModelSource } from './sources';

const QUANTS: Record<string, string> = { fp32: 'F32', q8: 'Q8_0', q4: 'Q4_0' };

export class NoGgufFileError extends Error {
	override name = 'NoGgufFileError';
}

export function ggufFilesFor(source: ModelSource, dtype: string): { urls: string[]; model: ModelInfo; quant: string } {
	const quant = QUANTS[dtype];
	if (!quant) throw new NoGgufFileError(`llama.cpp has no ${dtype} file for this model: pick fp32, q8 or q4.`);
	if (source.kind !== 'default') throw new NoGgufFileError('Only the built-in model has GGUF files so far.');
	const file = `model-${quant.toLowerCase()}.gguf`;
	const url = new URL(`/models/${DEFAULT_MODEL_ID}/${file}`, globalThis.location?.origin ?? 'http://localhost').href;
	return { urls: [url], model: { id: DEFAULT_MODEL_ID, dtype, synthetic: true }, quant };
}
