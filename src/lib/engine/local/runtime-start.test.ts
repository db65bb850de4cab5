// The one-node model that starts ONNX Runtime ahead of a load must be a model ORT accepts and runs.
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { identityModelBytes } from './runtime-start';

describe('identityModelBytes', () => {
	it('is a valid ONNX model: y = x', async () => {
		const session = await ort.InferenceSession.create(identityModelBytes());
		expect(session.inputNames).toEqual(['x']);
		const { y } = await session.run({ x: new ort.Tensor('float32', Float32Array.of(4.5), [1]) });
		expect(Array.from(y.data as Float32Array)).toEqual([4.5]);
		await session.release();
	});
});
