// For tests: a Worker stand-in that serves a real worker protocol in memory (the local one unless told),
// each message delivered on a later task as postMessage would. The ONNX Runtime file URLs a LocalEngine or probe is given,
// and a llama.cpp worker's answer to a load.
import { serveRpc, type RpcEndpoint, type RpcHandlers, type RpcProtocol } from '../../worker-rpc';
import { ASYNCIFY_BUILD, PLAIN_BUILD, type OrtWasmPaths } from '../backend';
import type { LocalProtocol } from '../protocol';
import type { LlamaLoadRequest, LlamaLoadResult, LlamaProtocol } from '../../llama/protocol';

export const wasmPaths: OrtWasmPaths = {
	[PLAIN_BUILD]: { mjs: '/plain.mjs', wasm: '/plain.wasm' },
	[ASYNCIFY_BUILD]: { mjs: '/asyncify.mjs', wasm: '/asyncify.wasm' }
};

/** A stand-in serving any protocol (the shared on-device engine's tests use one of their own). */
export function fakeWorkerOf<P extends RpcProtocol>(handlers: RpcHandlers<P>): Worker {
	const pageListeners = new Set<(e: MessageEvent) => void>();
	const workerListeners = new Set<(e: MessageEvent) => void>();
	const side = (mine: Set<(e: MessageEvent) => void>, peer: Set<(e: MessageEvent) => void>): RpcEndpoint => ({
		postMessage: (data) => void setTimeout(() => peer.forEach((l) => l({ data } as MessageEvent))),
		// Only 'message' listeners: the engine also listens for 'error', which this stand-in never fires.
		addEventListener: (type, l) => void (type === 'message' && mine.add(l)),
		removeEventListener: (_type, l) => void mine.delete(l)
	});
	serveRpc<P>(side(workerListeners, pageListeners), handlers);
	return { ...side(pageListeners, workerListeners), terminate() {} } as unknown as Worker;
}

export function fakeWorker(handlers: RpcHandlers<LocalProtocol>): Worker {
	return fakeWorkerOf(handlers);
}

/** The same stand-in serving llama.cpp's worker protocol. */
export function fakeLlamaWorker(handlers: RpcHandlers<LlamaProtocol>): Worker {
	return fakeWorkerOf(handlers);
}

/** What a stand-in llama.cpp worker answers to a load: a wllama build with the threads asked for, unless told. */
export function llamaLoadResult(request: LlamaLoadRequest, overrides: Partial<LlamaLoadResult> = {}): LlamaLoadResult {
	return {
		loadMs: 1,
		loadKind: 'cold',
		bytes: 1,
		version: 'b0-test',
		threads: request.threads,
		multithread: request.threads > 1,
		quant: 'F32',
		chatTemplate: true,
		gpuLayers: 0,
		notices: [],
		build: { name: 'wllama', label: 'llama.cpp · wllama 3.13.0', source: 'wllama', simd: 'generic' },
		...overrides
	};
}
