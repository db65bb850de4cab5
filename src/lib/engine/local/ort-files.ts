// The ONNX Runtime web files the app serves itself (Vite emits them as hashed assets under
// /_app/immutable/assets/, and the service worker precaches them), so no request ever goes to a CDN.
// Two builds, one per worker (a worker instantiates exactly one):
// - 'ort-wasm-simd-threaded' (plain): the wasm device. It compiles and loads models about 2.5x faster
//   than the asyncify build (docs/benchmark-history.md, "Lever: ORT web build in the app").
// - 'ort-wasm-simd-threaded.asyncify': the WebGPU device (transformers.js 4.3's web bundle imports
//   onnxruntime-web/webgpu, whose loader is this build).
import plainMjs from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import plainWasm from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import asyncifyMjs from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import asyncifyWasm from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';

import { ASYNCIFY_BUILD, PLAIN_BUILD, type OrtWasmPaths } from './backend';

export function ortWasmPaths(): OrtWasmPaths {
	const base = globalThis.location?.href ?? 'http://localhost/';
	const abs = (url: string) => new URL(url, base).href;
	return {
		[PLAIN_BUILD]: { mjs: abs(plainMjs), wasm: abs(plainWasm) },
		[ASYNCIFY_BUILD]: { mjs: abs(asyncifyMjs), wasm: abs(asyncifyWasm) }
	};
}
