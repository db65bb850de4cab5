// The llama.cpp worker's entry: serves LlamaProtocol with llama-runtime.ts. wllama itself runs llama.cpp
// in a worker of its own (with pthread workers when threads > 1); this one keeps wllama's JavaScript,
// the model download and the chunk handling off the page, as the ONNX engine's worker does.
/// <reference lib="webworker" />
import { serveRpc, type RpcEndpoint } from '../worker-rpc';
import type { LlamaProtocol } from './protocol';
import * as runtime from './llama-runtime';

serveRpc<LlamaProtocol>(self as unknown as RpcEndpoint, {
	load: (request, ctx) => runtime.load(request, ctx.progress, ctx.signal),
	generate: (request, ctx) => runtime.generate(request, ctx.progress, ctx.signal),
	unload: () => runtime.unload(),
	stats: () => runtime.stats()
});
