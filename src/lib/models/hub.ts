// The Hub layout every model source shares: {base}/{id}/resolve/{revision}/{file}. huggingface.co serves
// it, and so can any static host (the test Hub server, a LAN box). The worker points transformers.js at a
// base with env.remoteHost + env.remotePathTemplate (see engine/local/model-session.ts); errors for bad
// input (404 id, HTML instead of a model, missing tokenizer, too large) live in engine/local/load-errors.ts.
export { ModelNotFoundError, NotAModelError, MissingTokenizerError, ModelTooLargeError } from '../engine/local/load-errors';

export const HUB_PATH_TEMPLATE = '{model}/resolve/{revision}/';

export function hubFileUrl(base: string, id: string, revision: string, file: string): string {
	const root = base.endsWith('/') ? base : `${base}/`;
	const path = HUB_PATH_TEMPLATE.replace('{model}', id).replace('{revision}', encodeURIComponent(revision));
	return new URL(`${path}${file}`, root).href;
}

/** The ONNX file transformers.js loads for a dtype (its naming: q8 is "quantized"). */
export function onnxFileName(dtype: string): string {
	const suffix: Record<string, string> = { fp32: '', fp16: '_fp16', q8: '_quantized', q4: '_q4', q4f16: '_q4f16' };
	return `onnx/model${suffix[dtype] ?? `_${dtype}`}.onnx`;
}
