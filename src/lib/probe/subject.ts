// What the device probe times, whatever the runtime: a twin loaded at one depth in its own worker, greedy
// decode passes on it, and an unload. ONNX Runtime's subject speaks the local worker's protocol, as a Run
// does; llama.cpp's (llama-subject.ts, loaded only when the probe times llama.cpp) drives a
// LlamaCppEngine on a GGUF twin generated in its worker.
import { nowMs } from '../engine/types';
import { createRpcClient, type RpcClient } from '../engine/worker-rpc';
import type { ModelShape } from '../models/synthetic/shapes';
import type { LocalProtocol } from '../engine/local/protocol';
import { createLocalWorker } from '../engine/local/local-engine';
import { ASYNCIFY_BUILD, PLAIN_BUILD, type OrtWasmPaths } from '../engine/local/backend';
import { medianStepMs, PROBE_SEED, type ProbeDtype, type ProbeGroup } from './plan';

export interface ProbeSubject {
	/** Loads the twin (`id` names it for the runtimes that cache it) in this subject's worker. */
	load(twin: { id: string; shape: ModelShape }, dtype: ProbeDtype, onStage: (message: string) => void): Promise<void>;
	/** One greedy pass of `steps` decode steps; the median step, ms. */
	decode(steps: number): Promise<number>;
	unload(): Promise<void>;
	/** Ends the worker now: pending calls reject with `error`. */
	abort(error: Error): void;
	/** Ends the worker once the probe is done. */
	close(): void;
}

/** The prompt every subject decodes after; its prefill is in no timed step. */
export const PROBE_PROMPT = 'The edge';

export function ortSubject(
	group: ProbeGroup,
	wasmPaths: OrtWasmPaths,
	createWorker: () => Worker = createLocalWorker
): ProbeSubject {
	const worker = createWorker();
	const rpc: RpcClient<LocalProtocol> = createRpcClient<LocalProtocol>(worker);
	const build = group.device === 'webgpu' ? ASYNCIFY_BUILD : PLAIN_BUILD;
	return {
		async load(twin, dtype, onStage) {
			await rpc.call(
				'load',
				{
					location: { kind: 'twin', id: twin.id, shape: twin.shape, seed: PROBE_SEED },
					device: group.device,
					dtype,
					threads: group.threads,
					build,
					wasmPaths: wasmPaths[build],
					maxBytes: null
				},
				{ onProgress: (p) => p.status === 'stage' && onStage(p.message) }
			);
		},
		async decode(steps) {
			const result = await rpc.call('generate', {
				input: { mode: 'completion', prompt: PROBE_PROMPT },
				maxNewTokens: steps + 1,
				temperature: 0,
				ignoreEos: true,
				requestMs: nowMs()
			});
			return medianStepMs(result.arrivalsMs);
		},
		async unload() {
			await rpc.call('unload', null);
		},
		abort(error) {
			rpc.failAll(error);
			worker.terminate();
		},
		close() {
			rpc.close();
			worker.terminate();
		}
	};
}
