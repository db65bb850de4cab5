// Starting ONNX Runtime web (the plain wasm build registered on globalThis by worker.ts) without a model:
// ORT starts its wasm module and thread pool on the first session it creates, so we create one on a
// one-node graph and release it. The graph is built from onnx-proto's types, which the worker already
// carries for generating synthetic twins.
import { onnx } from '../../models/synthetic/onnx-builder';

type OrtWeb = typeof import('onnxruntime-web/wasm');

/** y = Identity(x), float [1]: the smallest model ORT accepts. */
export function identityModelBytes(): Uint8Array {
	const tensor = { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimValue: 1 }] } };
	return onnx.ModelProto.encode({
		irVersion: 8,
		producerName: 'edgewise-runtime-start',
		opsetImport: [{ domain: '', version: 17 }],
		graph: {
			name: 'start',
			node: [{ opType: 'Identity', input: ['x'], output: ['y'] }],
			input: [{ name: 'x', type: { tensorType: tensor } }],
			output: [{ name: 'y', type: { tensorType: tensor } }]
		}
	}).finish();
}

export async function startOrtWasm(): Promise<void> {
	const ort = (globalThis as Record<symbol, unknown>)[Symbol.for('onnxruntime')] as OrtWeb | undefined;
	if (!ort) return;
	// transformers.js's env.backends.onnx *is* this ORT's env (it took the registered instance), so the
	// paths and thread count set by configureRuntime apply here too.
	const session = await ort.InferenceSession.create(identityModelBytes(), { executionProviders: ['wasm'] });
	await session.release();
}
