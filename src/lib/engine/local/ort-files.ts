// The ONNX Runtime web files the app serves itself (Vite emits them as hashed assets under
// /_app/immutable/assets/, and the service worker precaches them), so no request ever goes to a CDN.
// transformers.js 4.3's web bundle imports onnxruntime-web/webgpu, whose loader is the asyncify build;
// it serves both the WebGPU and the wasm execution providers.
import mjs from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import wasm from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';

export function ortWasmPaths(): { mjs: string; wasm: string } {
	const base = globalThis.location?.href ?? 'http://localhost/';
	return { mjs: new URL(mjs, base).href, wasm: new URL(wasm, base).href };
}
