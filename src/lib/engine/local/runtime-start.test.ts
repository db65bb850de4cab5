// The small models that start ONNX Runtime and reserve its heap ahead of a load must be models ORT accepts
// and runs; reserveHeap must stop growing as soon as a load asks for the worker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { heapTouchModelBytes, identityModelBytes, reserveHeap } from './runtime-start';

const ORT_KEY = Symbol.for('onnxruntime');
const MiB = 1024 * 1024;

describe('identityModelBytes', () => {
	it('is a valid ONNX model: y = x', async () => {
		const session = await ort.InferenceSession.create(identityModelBytes());
		expect(session.inputNames).toEqual(['x']);
		const { y } = await session.run({ x: new ort.Tensor('float32', Float32Array.of(4.5), [1]) });
		expect(Array.from(y!.data as Float32Array)).toEqual([4.5]);
		await session.release();
	});
});

describe('heapTouchModelBytes', () => {
	it('allocates n floats and returns their max (0): one number out, whatever n', async () => {
		const session = await ort.InferenceSession.create(heapTouchModelBytes());
		const { max } = await session.run({ n: new ort.Tensor('int64', BigInt64Array.of(1000n), [1]) });
		expect(max?.dims).toEqual([]);
		expect(Array.from(max!.data as Float32Array)).toEqual([0]);
		await session.release();
	});
});

describe('reserveHeap (onnxruntime-web, the wasm build the worker runs)', () => {
	beforeAll(() => {
		ortWeb.env.wasm.numThreads = 1;
		ortWeb.env.wasm.wasmPaths = fileURLToPath(
			new URL('../../../../node_modules/onnxruntime-web/dist/', import.meta.url)
		);
		// As worker.ts registers the plain build for transformers.js; reserveHeap uses the registered ORT.
		(globalThis as Record<symbol, unknown>)[ORT_KEY] = ortWeb;
	});
	afterAll(() => {
		delete (globalThis as Record<symbol, unknown>)[ORT_KEY];
	});

	it('grows to the target in doubling steps', async () => {
		let steps = 0;
		expect(await reserveHeap(200 * MiB, () => (steps++, false))).toBe(200 * MiB);
		expect(steps).toBe(3); // 64, 128, then the last 200 MiB
	});

	it('stops after the step in which a load arrived', async () => {
		let steps = 0;
		const reserved = await reserveHeap(512 * MiB, () => steps++ >= 2);
		// Steps of 64 and 128 MiB ran; the third check saw the load.
		expect(reserved).toBe(128 * MiB);
		expect(await reserveHeap(512 * MiB, () => true)).toBe(0);
	});
});
