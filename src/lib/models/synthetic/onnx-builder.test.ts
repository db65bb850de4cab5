import { describe, expect, it } from 'vitest';
import { DT, GraphBuilder, concatBytes, encodeModelPrefix, frameTensor, onnx } from './onnx-builder';

describe('streamed ModelProto', () => {
	it('parses as one model with the hand-framed initializers (inline and external)', () => {
		const g = new GraphBuilder();
		const x = g.input('x', DT.FLOAT, ['batch', 3]);
		g.node('MatMul', [x, 'w'], {}, { outputs: ['y'] });
		g.output('y', DT.FLOAT, ['batch', 2]);
		const w = { name: 'w', dataType: DT.FLOAT, dims: [3, 2], byteLength: 24 };
		const e = { name: 'e', dataType: DT.UINT8, dims: [300], byteLength: 300 };
		const wBytes = new Uint8Array(new Float32Array([1, 2, 3, 4, 5, 6]).buffer);
		const fw = frameTensor(w);
		const fe = frameTensor(e, { location: 'model.onnx_data', offset: 4_000_000_000 });
		const prefix = encodeModelPrefix(
			g,
			{ graphName: 'g', opsets: { '': 17 }, producerName: 'test' },
			fw.wireBytes + fe.wireBytes
		);
		const model = onnx.ModelProto.decode(concatBytes([prefix, fw.head, wBytes, fe.head]));
		const inits = model.graph!.initializer!;
		expect(inits.map((t) => t.name)).toEqual(['w', 'e']);
		expect(Array.from(new Float32Array(inits[0]!.rawData!.slice().buffer))).toEqual([1, 2, 3, 4, 5, 6]);
		expect(inits[1]?.dataLocation).toBe(onnx.TensorProto.DataLocation.EXTERNAL);
		expect(inits[1]!.externalData!.map((kv) => [kv.key, kv.value])).toEqual([
			['location', 'model.onnx_data'],
			['offset', '4000000000'],
			['length', '300']
		]);
		expect(model.graph!.node![0]?.opType).toBe('MatMul');
	});
});
