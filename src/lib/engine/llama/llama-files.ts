// wllama's wasm, served by the app itself (Vite emits it as a hashed asset under /_app/immutable/assets/
// and the service worker precaches it), so llama.cpp loads offline and never from a CDN. wllama 3.13
// ships one build (JSPI + Memory64, llama.cpp's CPU and WebGPU backends in one file); its compat build
// for other browsers is turned off (llama-runtime.ts), not fetched.
import wllamaWasm from '@wllama/wllama/esm/wasm/wllama.wasm?url';

/** The @wllama/wllama release pinned in package.json (a test checks they agree). */
export const WLLAMA_VERSION = '3.13.0';

export function llamaWasmUrl(): string {
	return new URL(wllamaWasm, globalThis.location?.href ?? 'http://localhost/').href;
}
