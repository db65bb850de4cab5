// Issue 6 lever "q8 format": which 8-bit graph form decodes fastest in onnxruntime-web (wasm), measured
// against fp32 and q4 of the same twin in the same process. Writes each variant's ONNX graph once (same
// seeded weights), then times session.run per decode step through the KV cache, interleaving variants
// round by round so machine noise hits them alike. Native (onnxruntime-node) rows for context.
//
//   npx tsx benchmarks/q8-format.ts [--shape smollm2-135m] [--rounds 3] [--steps 8] [--variants a,b] [--runtimes web,node]
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { NodeModelWriter } from '../src/cli/node-model-writer';
import type { GraphOptions } from '../src/lib/models/synthetic/graph';
import { planOnnxFile, writeOnnxFiles } from '../src/lib/models/synthetic/onnx-stream';
import type { Dtype } from '../src/lib/models/synthetic/quantize';
import { SHAPES, type ModelShape } from '../src/lib/models/synthetic/shapes';

interface Variant {
	id: string;
	dtype: Dtype;
	graph?: GraphOptions;
}

const VARIANTS: Variant[] = [
	{ id: 'fp32', dtype: 'fp32' },
	{ id: 'q4', dtype: 'q4' },
	{ id: 'q4-acc4', dtype: 'q4', graph: { q4AccuracyLevel: 4 } },
	{ id: 'q8-dequantize', dtype: 'q8', graph: { q8Format: 'dequantize' } },
	{ id: 'q8-nbits', dtype: 'q8', graph: { q8Format: 'nbits' } },
	{ id: 'q8-nbits-acc4', dtype: 'q8', graph: { q8Format: 'nbits', q8AccuracyLevel: 4 } },
	{ id: 'q8-integer', dtype: 'q8', graph: { q8Format: 'integer' } },
	{ id: 'q8-integer-s8', dtype: 'q8', graph: { q8Format: 'integer-s8' } }
];

const { values: args } = parseArgs({
	options: {
		shape: { type: 'string', default: 'smollm2-135m' },
		rounds: { type: 'string', default: '3' },
		steps: { type: 'string', default: '8' },
		prompt: { type: 'string', default: '24' },
		variants: { type: 'string' },
		runtimes: { type: 'string', default: 'web' },
		dir: { type: 'string', default: 'models/q8-format' }
	}
});

ortWeb.env.wasm.numThreads = 1;
ortWeb.env.wasm.wasmPaths = fileURLToPath(new URL('../node_modules/onnxruntime-web/dist/', import.meta.url));

const shape: ModelShape = SHAPES[args.shape as keyof typeof SHAPES];
if (!shape) throw new Error(`Unknown shape ${args.shape}; use one of ${Object.keys(SHAPES).join(', ')}.`);
const variants = args.variants ? VARIANTS.filter((v) => args.variants!.split(',').includes(v.id)) : VARIANTS;

async function ensureGraph(v: Variant): Promise<string> {
	const file = join(args.dir!, shape.name, `${v.id}.onnx`);
	if (existsSync(file)) return file;
	const plan = planOnnxFile(shape, v.dtype, undefined, v.graph);
	const tmp = join(args.dir!, shape.name, `.tmp-${v.id}`);
	await mkdir(tmp, { recursive: true });
	const t0 = performance.now();
	await writeOnnxFiles({ shape, plans: [plan], seed: 1, writer: new NodeModelWriter(tmp) });
	await rename(join(tmp, plan.path), file);
	console.error(`wrote ${file} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
	return file;
}

type Ort = typeof ortNode | typeof ortWeb;

async function timeDecode(ort: Ort, bytes: Uint8Array, steps: number, promptLen: number): Promise<{ loadMs: number; prefillMs: number; stepMs: number[]; ids: number[] }> {
	const t0 = performance.now();
	const opts = { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' as const };
	const session = await (ort as typeof ortNode).InferenceSession.create(bytes, opts);
	const loadMs = performance.now() - t0;
	const int64 = (v: number[]) => new ort.Tensor('int64', BigInt64Array.from(v.map(BigInt)), [1, v.length]);
	let past: Record<string, unknown> = {};
	for (let i = 0; i < shape.numLayers; i++)
		for (const kind of ['key', 'value'])
			past[`past_key_values.${i}.${kind}`] = new ort.Tensor('float32', new Float32Array(0), [1, shape.numKvHeads, 0, shape.headDim]);
	let ids = Array.from({ length: promptLen }, (_, i) => (i * 7919 + 3) % shape.vocabSize);
	let total = 0;
	const out: number[] = [];
	const stepMs: number[] = [];
	let prefillMs = 0;
	for (let s = 0; s <= steps; s++) {
		const start = performance.now();
		const feeds = {
			input_ids: int64(ids),
			attention_mask: int64(Array(total + ids.length).fill(1)),
			position_ids: int64(ids.map((_, i) => total + i)),
			// Generator v4 graphs: logits for the last position only, as transformers.js asks while generating.
			num_logits_to_keep: new ort.Tensor('int64', BigInt64Array.of(1n), []),
			...past
		};
		const res = (await session.run(feeds as Record<string, ortNode.Tensor>)) as Record<string, ortNode.Tensor>;
		const ms = performance.now() - start;
		if (s === 0) prefillMs = ms;
		else stepMs.push(ms);
		total += ids.length;
		const logits = res.logits.data as Float32Array;
		const v = shape.vocabSize;
		const last = logits.subarray(logits.length - v);
		let best = 0;
		for (let i = 1; i < v; i++) if (last[i] > last[best]) best = i;
		out.push(best);
		ids = [best];
		past = {};
		for (let i = 0; i < shape.numLayers; i++) {
			past[`past_key_values.${i}.key`] = res[`present.${i}.key`];
			past[`past_key_values.${i}.value`] = res[`present.${i}.value`];
		}
	}
	await session.release();
	return { loadMs, prefillMs, stepMs, ids: out };
}

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const runtimes: [string, Ort][] = args.runtimes!.split(',').map((r) => (r === 'node' ? ['node', ortNode] : ['web', ortWeb]));
const files = new Map<string, string>();
for (const v of variants) files.set(v.id, await ensureGraph(v));
const results = new Map<string, { load: number[]; prefill: number[]; steps: number[]; ids: number[] }>();
for (let round = 0; round < Number(args.rounds); round++) {
	for (const [rname, ort] of runtimes)
		for (const v of variants) {
			const key = `${rname} ${v.id}`;
			const bytes = new Uint8Array(await readFile(files.get(v.id)!));
			const steps = v.id === 'q8-dequantize' && shape.name !== 'tiny' ? Math.min(3, Number(args.steps)) : Number(args.steps);
			try {
				const r = await timeDecode(ort, bytes, steps, Number(args.prompt));
				const acc = results.get(key) ?? { load: [], prefill: [], steps: [], ids: r.ids };
				acc.load.push(r.loadMs);
				acc.prefill.push(r.prefillMs);
				acc.steps.push(...r.stepMs);
				results.set(key, acc);
				console.error(`round ${round} ${key}: ${median(r.stepMs).toFixed(1)} ms/step, prefill ${r.prefillMs.toFixed(0)} ms, ids ${r.ids.join(' ')}`);
			} catch (err) {
				console.error(`round ${round} ${key}: FAILED ${(err as Error).message.slice(0, 300)}`);
			}
		}
}
const load = (await import('node:os')).loadavg();
console.log(`\n${shape.name}, 1 thread, prompt ${args.prompt}, ${args.rounds} rounds, load average ${load.map((x) => x.toFixed(1)).join(' ')}`);
console.log('| runtime | variant | load ms | prefill ms | decode ms/step | decode tok/s | x vs fp32 | greedy ids |');
console.log('|---|---|---:|---:|---:|---:|---:|---|');
for (const [rname] of runtimes) {
	const fp32 = results.get(`${rname} fp32`);
	for (const v of variants) {
		const r = results.get(`${rname} ${v.id}`);
		if (!r) continue;
		const tokS = 1000 / median(r.steps);
		const ratio = fp32 ? (tokS / (1000 / median(fp32.steps))).toFixed(2) : '-';
		console.log(
			`| ${rname} | ${v.id} | ${median(r.load).toFixed(0)} | ${median(r.prefill).toFixed(0)} | ${median(r.steps).toFixed(1)} | ${tokS.toFixed(2)} | ${ratio} | ${r.ids.slice(0, 6).join(' ')} |`
		);
	}
}
