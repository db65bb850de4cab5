// A small debug entry for driving LlamaCppEngine from a browser console or a Playwright spec before any
// page offers llama.cpp: `await window.__edgewiseLlama.create({ urls: ['/models/edgewise-tiny/model-q8_0.gguf'] })`
// returns a LlamaCppEngine (load, generate, cancel, stats, dispose) that uses the app's own wllama.wasm.
// The engine's code loads only when create() is first called, so the app's start-up does not pay for it.
import type { LlamaCppEngine, LlamaCppEngineOptions } from './llama-engine';

export type LlamaDebugOptions = Partial<Omit<LlamaCppEngineOptions, 'wasmUrl' | 'createWorker' | 'environment'>> &
	Pick<LlamaCppEngineOptions, 'urls'>;

export interface LlamaDebugEntry {
	create(options: LlamaDebugOptions): Promise<LlamaCppEngine>;
}

declare global {
	interface Window {
		__edgewiseLlama?: LlamaDebugEntry;
	}
}

export function registerLlamaDebugEntry(target: Window): void {
	target.__edgewiseLlama = {
		async create(options) {
			const [{ LlamaCppEngine }, { llamaWasmUrl }] = await Promise.all([
				import('./llama-engine'),
				import('./llama-files')
			]);
			const id = options.urls[0]?.split('/').slice(-2).join('/') ?? 'gguf';
			return new LlamaCppEngine({ backend: 'auto', model: { id }, ...options, wasmUrl: llamaWasmUrl() });
		}
	};
}
