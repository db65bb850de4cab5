// The llama.cpp worker's entry: serves LlamaProtocol with the build a load chose (llama-builds.ts): the
// Edgewise build runs in this worker (its pthread workers beside it), wllama in a worker of its own; this
// one keeps the model download and the chunk handling off the page, as the ONNX engine's worker does.
/// <reference lib="webworker" />
import { serveRpc, type RpcEndpoint } from '../worker-rpc';
import type { LlamaProtocol } from './protocol';
import * as runtime from './llama-builds';

serveRpc<LlamaProtocol>(self as unknown as RpcEndpoint, {
	load: (request, ctx) => runtime.load(request, ctx.progress, ctx.signal),
	generate: (request, ctx) => runtime.generate(request, ctx.progress, ctx.signal),
	unload: () => runtime.unload(),
	stats: () => runtime.stats()
});
