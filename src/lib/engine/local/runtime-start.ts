// Starting ONNX Runtime web without a model: ORT starts its wasm module, thread pool and (for WebGPU) its GPU
// device on the first session it creates, so we create one on a one-node graph and release it. The graph is
// built from onnx-proto's types, which the worker already carries for generating synthetic twins.
import { onnx } from '../../models/synthetic/onnx-builder';
import type { onnx as Proto } from 'onnx-proto';
import type { Device } from './backend';

type OrtWeb = typeof import('onnxruntime-web/wasm');

const { FLOAT, INT64 } = onnx.TensorProto.DataType;
const valueInfo = (name: string, elemType: number, dim: Proto.TensorShapeProto.IDimension[]) => ({
	name,
	type: { tensorType: { elemType, shape: { dim } } }
});
const modelBytes = (graph: Proto.IGraphProto) =>
	onnx.ModelProto.encode({
		irVersion: 8,
		producerName: 'edgewise-runtime-start',
		opsetImport: [{ domain: '', version: 17 }],
		graph
	}).finish();

/** y = Identity(x), float [1]: the smallest model ORT accepts. */
export function identityModelBytes(): Uint8Array {
	return modelBytes({
		name: 'start',
		node: [{ opType: 'Identity', input: ['x'], output: ['y'] }],
		input: [valueInfo('x', FLOAT, [{ dimValue: 1 }])],
		output: [valueInfo('y', FLOAT, [{ dimValue: 1 }])]
	});
}

/** max = ReduceMax(ConstantOfShape(n)): ORT allocates and writes n floats in its heap and returns one (0). */
export function heapTouchModelBytes(): Uint8Array {
	return modelBytes({
		name: 'reserve',
		node: [
			{ opType: 'ConstantOfShape', input: ['n'], output: ['zeros'] },
			{
				opType: 'ReduceMax',
				input: ['zeros'],
				output: ['max'],
				attribute: [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 }]
			}
		],
		input: [valueInfo('n', INT64, [{ dimValue: 1 }])],
		output: [valueInfo('max', FLOAT, [])]
	});
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

const FIRST_STEP_BYTES = 64 * 1024 * 1024;

/**
 * Makes ORT's wasm heap `bytes` large, with every page of it written once, and leaves it free for the
 * coming load. The first session created in a fresh worker pays for growing the heap and for the
 * system's first touch of each new page (about 0.75 ms per MB on the test machine: a quarter of a 135M
 * q8 session's creation), which a second session on the same heap no longer pays; this moves that cost
 * into prepare(), while someone is still typing. It grows in doubling steps and yields between them, so
 * a load that arrives (`shouldStop`) is never kept waiting for more than one step; the pages touched so
 * far still serve it. Resolves to the bytes reserved.
 */
export async function reserveHeap(bytes: number, shouldStop: () => boolean): Promise<number> {
	const ort = await transformersOrt();
	const session = await ort.InferenceSession.create(heapTouchModelBytes(), { executionProviders: ['wasm'] });
	let reserved = 0;
	try {
		for (
			let size = Math.min(FIRST_STEP_BYTES, bytes);
			reserved < bytes && !shouldStop();
			size = Math.min(size * 2, bytes)
		) {
			const floats = BigInt(Math.floor(size / 4));
			await session.run({ n: new ort.Tensor('int64', BigInt64Array.of(floats), [1]) });
			reserved = size;
			// session.run settles in microtasks; a macrotask turn lets a waiting load message in.
			await new Promise((resolve) => setTimeout(resolve, 0));
		}
	} finally {
		await session.release();
	}
	return reserved;
}
