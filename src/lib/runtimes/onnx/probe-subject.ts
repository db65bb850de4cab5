// ONNX Runtime's probe subject: speaks the local worker's protocol, as a Run does, on ONNX twins the worker
// generates into Cache Storage (deleted once each precision is timed: cleanUp in index.ts).
import { nowMs } from '../../engine/types';
import { createRpcClient, type RpcClient } from '../../engine/worker-rpc';
import type { LocalProtocol } from '../../engine/local/protocol';
import { createLocalWorker } from '../../engine/local/local-engine';
import { ASYNCIFY_BUILD, PLAIN_BUILD, type OrtWasmPaths } from '../../engine/local/backend';
import { deleteCachedModel } from '../../models/storage';
import type { ModelShape } from '../../models/synthetic/shapes';
import { medianStepMs, PROBE_DEPTHS, PROBE_SEED, probeTwin, type ProbeGroup } from '../../probe/plan';
import { PROBE_PROMPT, type ProbeSubject } from '../../probe/subject';

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

/** The probe's ONNX twins of this shape, out of Cache Storage again (they are regenerated next time). */
export async function deleteProbeTwins(shape: ModelShape): Promise<void> {
	const origin = globalThis.location?.origin;
	if (!origin) return;
	for (const layers of PROBE_DEPTHS) await deleteCachedModel(`${origin}/models/${probeTwin(shape, layers).id}/`);
}
