// Starting ONNX Runtime web without a model: ORT starts its wasm module, thread pool and (for WebGPU) its GPU
// device on the first session it creates, so we create one on a one-node graph and release it. The graph is
// built from onnx-proto's types, which the worker already carries for generating synthetic twins.
import { onnx } from '../../models/synthetic/onnx-builder';
import type { Device } from './protocol';

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

/**
 * The ORT transformers.js will use: the plain build worker.ts registered on globalThis, else the
 * asyncify build transformers.js imports itself (the same module instance, so the same runtime and device).
 */
async function transformersOrt(): Promise<OrtWeb> {
	const registered = (globalThis as Record<symbol, unknown>)[Symbol.for('onnxruntime')] as OrtWeb | undefined;
	return registered ?? ((await import('onnxruntime-web/webgpu')) as unknown as OrtWeb);
}

/** Starts ORT for `device`. transformers.js's env.backends.onnx is this ORT's env, so the paths and thread
 * count configureRuntime set apply here too. */
export async function startOrt(device: Device): Promise<void> {
	const ort = await transformersOrt();
	const session = await ort.InferenceSession.create(identityModelBytes(), { executionProviders: [device] });
	await session.release();
}
