// Which llama.cpp build a load runs on (protocol.ts, LlamaBuildChoice), decided in the worker from what
// it can see: the request, the browser's features and the model's size. Pure, so every branch is tested.
import { EDGEWISE_MAX_MODEL_BYTES, type EdgewiseFlavour } from './edgewise-files';
import type { LlamaBuildChoice } from './protocol';

export interface BuildEnvironment {
	/** SharedArrayBuffer usable (the page is cross-origin isolated): the Edgewise builds use threads. */
	isolated: boolean;
	/** detectEdgewiseFlavour(): what this engine validates. */
	flavour: EdgewiseFlavour | null;
}

export type BuildDecision = { build: 'wllama'; notice?: string } | { build: 'edgewise'; flavour: EdgewiseFlavour };

export class EdgewiseBuildUnavailableError extends Error {
	override name = 'EdgewiseBuildUnavailableError';
}

export function chooseBuild(
	choice: LlamaBuildChoice,
	env: BuildEnvironment,
	request: { webgpu: boolean; modelBytes: number | null }
): BuildDecision {
	if (choice === 'wllama') return { build: 'wllama' };
	const forced: EdgewiseFlavour | null =
		choice === 'edgewise-relaxed' ? 'relaxed' : choice === 'edgewise-simd128' ? 'simd128' : null;
	const reason = request.webgpu
		? 'the Edgewise build runs on the CPU only, and WebGPU was chosen'
		: !env.isolated
			? 'this page is not cross-origin isolated (COOP/COEP), and the Edgewise build needs wasm threads'
			: (forced ?? env.flavour) === null
				? 'this browser has no WebAssembly SIMD'
				: forced === 'relaxed' && env.flavour !== 'relaxed'
					? 'this browser does not validate relaxed SIMD'
					: request.modelBytes !== null && request.modelBytes > EDGEWISE_MAX_MODEL_BYTES
						? `the model (${(request.modelBytes / 1024 ** 3).toFixed(1)} GiB) does not fit wasm32's 4 GiB with its context`
						: null;
	if (reason === null) return { build: 'edgewise', flavour: forced ?? env.flavour! };
	if (forced) throw new EdgewiseBuildUnavailableError(`The Edgewise llama.cpp build cannot run here: ${reason}.`);
	return { build: 'wllama', notice: `llama.cpp runs on the stock wllama build: ${reason}.` };
}
