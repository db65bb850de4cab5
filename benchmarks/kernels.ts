// npm run bench:kernels -- [--rows 1,512] [--k 576] [--n 1536] [--reps 7]
// Where a browser-vs-native gap comes from, one operator at a time: one weight matrix of the
// SmolLM2-135M twin's MLP shape (576 x 1536) as each dtype's graph multiplies it (fp32 MatMul; q8
// DynamicQuantizeLinear + MatMulInteger; q4 MatMulNBits, block 32), for a decode step (1 row) and a
// 512-token prefill (512 rows). The same bytes run in onnxruntime-node and in onnxruntime-web's wasm build
// (under Node: the same .wasm the browser runs), 1 thread each, interleaved, median of --reps runs after a
// warm-up. Prints ms per call and wasm ÷ native.
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { onnx } from '../src/lib/models/synthetic/onnx-builder';
import { q8CodesAsUint8, quantizeQ4, quantizeQ8, Q4_BLOCK_SIZE, q4Blocks } from '../src/lib/models/synthetic/quantize';
import { summarize } from '../src/lib/bench/stats';

import { median } from './ort-decode';
import { cliArgsOrExit } from '../src/cli/cli-args';

const opts = cliArgsOrExit(
	{
		rows: { type: 'string', default: '1,512' },
		k: { type: 'string', default: '576' },
		n: { type: 'string', default: '1536' },
		reps: { type: 'string', default: '7' }
	},
	"Usage: npm run bench:kernels -- [options]\nOne layer's matrix multiply per dtype, onnxruntime-node vs the browser's wasm build, interleaved."
);
const K = Number(opts.k);
const N = Number(opts.n);
const DT = onnx.TensorProto.DataType;

const weights = Float32Array.from({ length: K * N }, (_, i) => Math.sin(i * 12.9898) * 0.05);
const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const init = (name: string, dataType: number, dims: number[], data: ArrayBufferView) => ({
	name,
	dataType,
	dims,
	rawData: bytes(data)
});
const io = (name: string) => ({
	name,
	type: {
		tensorType: { elemType: DT.FLOAT, shape: { dim: [{ dimParam: 'rows' }, { dimValue: name === 'x' ? K : N }] } }
	}
});

function model(dtype: 'fp32' | 'q8' | 'q4'): Uint8Array {
	const matrix = { data: weights, k: K, n: N, layout: 'kn' as const };
	let node: object[];
	let initializer: object[];
	if (dtype === 'fp32') {
		node = [{ opType: 'MatMul', input: ['x', 'w'], output: ['y'] }];
		initializer = [init('w', DT.FLOAT, [K, N], weights)];
	} else if (dtype === 'q8') {
		const q = quantizeQ8(matrix);
		node = [
			{ opType: 'DynamicQuantizeLinear', input: ['x'], output: ['xq', 'xs', 'xz'] },
			{ opType: 'MatMulInteger', input: ['xq', 'w', 'xz', 'wz'], output: ['acc'] },
			{
				opType: 'Cast',
				input: ['acc'],
				output: ['accf'],
				attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: DT.FLOAT }]
			},
			{ opType: 'Mul', input: ['xs', 'ws'], output: ['s'] },
			{ opType: 'Mul', input: ['accf', 's'], output: ['y'] }
		];
		initializer = [
			init('w', DT.UINT8, [K, N], q8CodesAsUint8(q.q)),
			init('ws', DT.FLOAT, [N], q.scales),
			init('wz', DT.UINT8, [N], new Uint8Array(N).fill(128))
		];
	} else {
		const q = quantizeQ4(matrix);
		const blocks = q4Blocks(K);
		const attr = (name: string, i: number) => ({ name, type: onnx.AttributeProto.AttributeType.INT, i });
		node = [
			{
				opType: 'MatMulNBits',
				domain: 'com.microsoft',
				input: ['x', 'b', 's', 'z'],
				output: ['y'],
				attribute: [attr('K', K), attr('N', N), attr('bits', 4), attr('block_size', Q4_BLOCK_SIZE)]
			}
		];
		initializer = [
			init('b', DT.UINT8, [N, blocks, Q4_BLOCK_SIZE / 2], q.b),
			init('s', DT.FLOAT, [N * blocks], q.scales),
			init('z', DT.UINT8, [q.zeroPoints.length], q.zeroPoints)
		];
	}
	return onnx.ModelProto.encode({
		irVersion: 8,
		opsetImport: [
			{ domain: '', version: 17 },
			{ domain: 'com.microsoft', version: 1 }
		],
		graph: { name: dtype, node, initializer, input: [io('x')], output: [io('y')] }
	} as never).finish();
}

ortWeb.env.wasm.numThreads = 1;
type Session = { run(feeds: Record<string, unknown>): Promise<unknown> };
const runtimes = {
	native: async (m: Uint8Array) =>
		(await ortNode.InferenceSession.create(m, { intraOpNumThreads: 1, interOpNumThreads: 1 })) as unknown as Session,
	wasm: async (m: Uint8Array) =>
		(await ortWeb.InferenceSession.create(m, { executionProviders: ['wasm'] })) as unknown as Session
};
const tensor = { native: ortNode.Tensor, wasm: ortWeb.Tensor };

console.log(`kernels: [rows x ${K}] x [${K} x ${N}], 1 thread, median of ${opts.reps} (ms per call)\n`);
console.log('| dtype | rows | native ms | wasm ms | wasm ÷ native (time) |');
console.log('|---|---|---|---|---|');
for (const dtype of ['fp32', 'q8', 'q4'] as const) {
	const bytesOfModel = model(dtype);
	const sessions = { native: await runtimes.native(bytesOfModel), wasm: await runtimes.wasm(bytesOfModel) };
	for (const rows of opts.rows.split(',').map(Number)) {
		const x = Float32Array.from({ length: rows * K }, (_, i) => Math.cos(i * 0.37));
		const times: Record<'native' | 'wasm', number[]> = { native: [], wasm: [] };
		for (let rep = -2; rep < Number(opts.reps); rep++) {
			for (const rt of rep % 2 ? (['native', 'wasm'] as const) : (['wasm', 'native'] as const)) {
				const feeds = { x: new tensor[rt]('float32', x, [rows, K]) };
				const start = performance.now();
				await sessions[rt].run(feeds);
				if (rep >= 0) times[rt].push(performance.now() - start);
			}
		}
		const [n, w] = [median(times.native), median(times.wasm)];
		console.log(`| ${dtype} | ${rows} | ${n.toFixed(2)} | ${w.toFixed(2)} | ${(w / n).toFixed(2)} |`);
	}
}
