// The local inference worker's entry. One worker runs one ONNX Runtime web build, fixed by its first
// load: the plain SIMD-threaded build for the wasm device (it loads models ~2.5x faster, docs/benchmark-history.md,
// "Lever: ORT web build in the app"), the asyncify build for WebGPU. LocalEngine starts a fresh worker
// when the build changes.
//
// Why the imports are dynamic: transformers.js 4.3 picks its ORT once, when its module is evaluated; it
// takes the one registered at globalThis[Symbol.for('onnxruntime')] if there is one, else its own
// onnxruntime-web/webgpu (asyncify). A static import would be evaluated before any code here runs.
/// <reference lib="webworker" />
import { serveRpc, type RpcEndpoint } from '../worker-rpc';
import type { LocalProtocol } from './protocol';
import { NotLoadedError, OrtBuildMismatchError } from './load-errors';
import { PLAIN_BUILD, type OrtBuild } from './backend';

type Runtime = typeof import('./worker-runtime');

let runtime: { build: OrtBuild; promise: Promise<Runtime> } | null = null;

function runtimeFor(build: OrtBuild): Promise<Runtime> {
	if (runtime && runtime.build !== build) return Promise.reject(new OrtBuildMismatchError(runtime.build, build));
	if (!runtime) {
		const promise = (async () => {
			if (build === PLAIN_BUILD) {
				const ort = await import('onnxruntime-web/wasm');
				(globalThis as Record<symbol, unknown>)[Symbol.for('onnxruntime')] = ort;
			}
			return import('./worker-runtime');
		})();
		runtime = { build, promise };
		// A failed import (e.g. offline without the file cached) can be retried by the next load.
		promise.catch(() => {
			if (runtime?.promise === promise) runtime = null;
		});
	}
	return runtime.promise;
}

const scope = self as unknown as RpcEndpoint;

serveRpc<LocalProtocol>(scope, {
	prepare: async (request) => (await runtimeFor(request.build)).prepare(request),
	load: async (request, ctx) => (await runtimeFor(request.build)).load(request, ctx.progress),
	generate: async (request, ctx) => {
		if (!runtime) throw new NotLoadedError();
		return (await runtime.promise).generate(request, ctx);
	},
	unload: async () => (runtime ? (await runtime.promise).unloadModel() : { released: false }),
	stats: async () => (runtime ? (await runtime.promise).stats() : { liveSessions: 0, loads: 0 })
});
