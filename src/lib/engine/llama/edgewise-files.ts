// The Edgewise builds of llama.cpp (native/llama-wasm/build.sh), served by the app itself from
// static/llama-wasm/ beside a provenance file that records their sources, flags and sha256.
//   relaxed  ggml with Edgewise's relaxed-SIMD 8-bit dot kernels for Q4_0 and Q8_0 (Chromium 114+; Edgewise checks by validating a module)
//   simd128  ggml's own wasm SIMD128 kernels compiled in (every engine with SIMD128; wllama 3.13's lack them)
// Both use wasm threads (pthreads), so they need a cross-origin isolated page; wasm32 caps them at 4 GiB.

export type EdgewiseFlavour = 'relaxed' | 'simd128';

/** The llama.cpp commit both builds are made from (build.sh pins the same). */
export const EDGEWISE_LLAMA_COMMIT = 'c392e5094deaf2d1a7c18683214f007fad3fe42b';
export const EDGEWISE_LLAMA_REPOSITORY = 'https://github.com/ggerganov/llama.cpp';
/** wasm32: the whole heap (model, KV cache, scratch) must fit in 4 GiB; larger GGUFs go to wllama. */
export const EDGEWISE_MAX_MODEL_BYTES = 3.5 * 1024 ** 3;

export const EDGEWISE_FLAVOURS: readonly EdgewiseFlavour[] = ['relaxed', 'simd128'];

/** Where a flavour's glue script sits, relative to the app's root (its .wasm and .worker.js beside it). */
export function edgewiseScriptPath(flavour: EdgewiseFlavour): string {
	return `llama-wasm/${flavour}/edgewise-llama.js`;
}

export function edgewiseScriptUrl(flavour: EdgewiseFlavour, base = globalThis.location?.href ?? 'http://localhost/') {
	return new URL(`/${edgewiseScriptPath(flavour)}`, base).href;
}

/** The build's name as results and the badge say it: "llama.cpp · Edgewise build · relaxed SIMD". */
export function edgewiseBuildLabel(flavour: EdgewiseFlavour): string {
	return `llama.cpp · Edgewise build · ${flavour === 'relaxed' ? 'relaxed SIMD' : 'SIMD128'}`;
}
