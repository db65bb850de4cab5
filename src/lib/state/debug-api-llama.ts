// `window.edgewise.llama`: drives a LlamaCppEngine from a browser console or a Playwright spec, on the
// app's own wllama.wasm, e.g. `await edgewise.llama.create({ source: { kind: 'default' }, dtype: 'q4' })` or
// `await edgewise.llama.create({ urls: ['/models/edgewise-tiny/model-q8_0.gguf'] })`. It returns the engine
// (load, generate, cancel, stats, dispose): the caller owns it, and the app's panes never see it. The
// engine's code loads only when create() is first called, so the app's start-up does not pay for it.
import type { LlamaCppEngine, LlamaCppEngineOptions } from '../engine/llama/llama-engine';
import type { ModelSource } from '../models/sources';

type EngineSettings = Partial<Omit<LlamaCppEngineOptions, 'urls' | 'wasmUrl' | 'createWorker' | 'environment'>>;

/** Either the files themselves, or a model source and precision (models/gguf-files.ts picks the files). */
export type LlamaCreateOptions = EngineSettings & ({ urls: string[] } | { source: ModelSource; dtype: string });

export interface LlamaDebugApi {
	create(options: LlamaCreateOptions): Promise<LlamaCppEngine>;
}

export const llamaDebugApi: LlamaDebugApi = Object.freeze({
	async create(options: LlamaCreateOptions) {
		const [{ LlamaCppEngine }, { llamaWasmUrl }, { ggufFilesFor }] = await Promise.all([
			import('../engine/llama/llama-engine'),
			import('../engine/llama/llama-files'),
			import('../models/gguf-files')
		]);
		const { urls, model } =
			'urls' in options
				? { urls: options.urls, model: { id: options.urls[0]?.split('/').slice(-2).join('/') ?? 'gguf' } }
				: ggufFilesFor(options.source, options.dtype);
		return new LlamaCppEngine({ backend: 'auto', model, ...options, urls, wasmUrl: llamaWasmUrl() });
	}
});
