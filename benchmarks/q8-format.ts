// Lever "q8 format": which 8-bit graph form decodes fastest in onnxruntime-web (wasm), measured
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
import { median, timeDecode, type Ort } from './ort-decode';

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

const runtimes: [string, Ort][] = args
	.runtimes!.split(',')
	.map((r) => (r === 'node' ? ['node', ortNode] : ['web', ortWeb]));
const files = new Map<string, string>();
for (const v of variants) files.set(v.id, await ensureGraph(v));
const results = new Map<string, { load: number[]; prefill: number[]; steps: number[]; ids: number[] }>();
for (let round = 0; round < Number(args.rounds); round++) {
	for (const [rname, ort] of runtimes)
		for (const v of variants) {
			const key = `${rname} ${v.id}`;
			const bytes = new Uint8Array(await readFile(files.get(v.id)!));
			const steps =
				v.id === 'q8-dequantize' && shape.name !== 'tiny' ? Math.min(3, Number(args.steps)) : Number(args.steps);
			try {
				const r = await timeDecode(ort, bytes, shape, { steps, promptLen: Number(args.prompt) });
				const acc = results.get(key) ?? { load: [], prefill: [], steps: [], ids: r.ids };
				acc.load.push(r.loadMs);
				acc.prefill.push(r.prefillMs);
				acc.steps.push(...r.stepMs);
				results.set(key, acc);
				console.error(
					`round ${round} ${key}: ${median(r.stepMs).toFixed(1)} ms/step, prefill ${r.prefillMs.toFixed(0)} ms, ids ${r.ids.join(' ')}`
				);
			} catch (err) {
				console.error(`round ${round} ${key}: FAILED ${(err as Error).message.slice(0, 300)}`);
			}
		}
}
const load = (await import('node:os')).loadavg();
console.log(
	`\n${shape.name}, 1 thread, prompt ${args.prompt}, ${args.rounds} rounds, load average ${load.map((x) => x.toFixed(1)).join(' ')}`
);
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
