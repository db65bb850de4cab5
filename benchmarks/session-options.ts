// Levers "session options": does an ONNX Runtime session option shorten session creation (most of
// the browser's warm load) or a decode step, on the generated twin's real files? onnxruntime-web's wasm
// build under Node (the .wasm the browser runs; no browser noise), variants interleaved round by round in
// one process, each a fresh session on the same bytes; greedy ids must match the default's.
//
//   npx tsx benchmarks/session-options.ts [--model models/smollm2-135m] [--dtypes fp32,q8] [--threads 1]
//     [--rounds 3] [--steps 8] [--variants default,extended,...] [--runtimes web,node]
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { SHAPES, type ModelShape } from '../src/lib/models/synthetic/shapes';
import { median, timeDecode, type Ort } from './ort-decode';
import { rotated } from './engine/rotate';
import { onnxFileName } from '../src/lib/models/hub';

/** Each variant's options are merged over ort-decode's defaults (level `all`, arena and pattern as ORT sets them). */
const VARIANTS: Record<string, Record<string, unknown>> = {
	default: {},
	extended: { graphOptimizationLevel: 'extended' },
	basic: { graphOptimizationLevel: 'basic' },
	'free-dims': { freeDimensionOverrides: { batch_size: 1 } },
	'arena+pattern': { enableCpuMemArena: true, enableMemPattern: true },
	'no-arena': { enableCpuMemArena: false, enableMemPattern: false },
	'initializers-direct': { extra: { session: { use_device_allocator_for_initializers: '1' } } }
};

const { values: args } = parseArgs({
	options: {
		model: { type: 'string', default: 'models/smollm2-135m' },
		shape: { type: 'string', default: 'smollm2-135m' },
		dtypes: { type: 'string', default: 'fp32,q8' },
		threads: { type: 'string', default: '1' },
		rounds: { type: 'string', default: '3' },
		steps: { type: 'string', default: '8' },
		prompt: { type: 'string', default: '24' },
		variants: { type: 'string', default: Object.keys(VARIANTS).join(',') },
		runtimes: { type: 'string', default: 'web' }
	}
});

const threads = Number(args.threads);
ortWeb.env.wasm.numThreads = threads;
ortWeb.env.wasm.wasmPaths = fileURLToPath(new URL('../node_modules/onnxruntime-web/dist/', import.meta.url));
const shape: ModelShape = SHAPES[args.shape as keyof typeof SHAPES];
if (!shape) throw new Error(`Unknown shape ${args.shape}; use one of ${Object.keys(SHAPES).join(', ')}.`);
const variants = args.variants!.split(',');
for (const v of variants)
	if (!VARIANTS[v]) throw new Error(`Unknown variant ${v}; use ${Object.keys(VARIANTS).join(', ')}.`);
const runtimes: [string, Ort][] = args
	.runtimes!.split(',')
	.map((r) => (r === 'node' ? ['node', ortNode] : ['web', ortWeb]));
const dtypes = args.dtypes!.split(',');
const [first] = runtimes;
if (!first) throw new Error('Name at least one runtime with --runtimes (web, node).');

// One untimed session first: the first one in a process also compiles the wasm and starts the runtime.
await timeDecode(first[1], new Uint8Array(await readFile(join(args.model!, onnxFileName(dtypes[0] ?? 'q8')))), shape, {
	steps: 1,
	promptLen: 4,
	threads
});

const results = new Map<string, { load: number[]; prefill: number[]; steps: number[]; ids: number[] }>();
for (let round = 0; round < Number(args.rounds); round++)
	for (const dtype of dtypes) {
		const bytes = new Uint8Array(await readFile(join(args.model!, onnxFileName(dtype))));
		for (const [rname, ort] of runtimes)
			// Rotate the order each round so a variant never always runs right after the same one.
			for (const v of rotated(variants, round)) {
				const key = `${rname} ${dtype} ${v}`;
				try {
					const r = await timeDecode(ort, bytes, shape, {
						steps: Number(args.steps),
						promptLen: Number(args.prompt),
						threads,
						sessionOptions: VARIANTS[v]! // every name was checked against VARIANTS above
					});
					const acc = results.get(key) ?? { load: [], prefill: [], steps: [], ids: r.ids };
					acc.load.push(r.loadMs);
					acc.prefill.push(r.prefillMs);
					acc.steps.push(...r.stepMs);
					results.set(key, acc);
					console.error(
						`round ${round} ${key}: session ${r.loadMs.toFixed(0)} ms, prefill ${r.prefillMs.toFixed(0)} ms, ${median(r.stepMs).toFixed(1)} ms/step`
					);
				} catch (err) {
					console.error(`round ${round} ${key}: FAILED ${(err as Error).message.slice(0, 300)}`);
				}
			}
	}

console.log(
	`\n${args.model}, ${threads} thread(s), prompt ${args.prompt}, ${args.rounds} rounds, load average ${loadavg()
		.map((x) => x.toFixed(1))
		.join(' ')}`
);
console.log(
	'| runtime | dtype | variant | session create ms | vs default | prefill ms | decode ms/step | vs default | greedy ids = default |'
);
console.log('|---|---|---|---:|---:|---:|---:|---:|---|');
for (const [rname] of runtimes)
	for (const dtype of dtypes) {
		const base = results.get(`${rname} ${dtype} default`);
		for (const v of variants) {
			const r = results.get(`${rname} ${dtype} ${v}`);
			if (!r) continue;
			const vs = (a: number[], b?: number[]) => (b ? (median(a) / median(b)).toFixed(2) : '-');
			const same = base ? (r.ids.join() === base.ids.join() ? 'yes' : 'no') : '-';
			console.log(
				`| ${rname} | ${dtype} | ${v} | ${median(r.load).toFixed(0)} | ${vs(r.load, base?.load)} | ${median(r.prefill).toFixed(0)} | ${median(r.steps).toFixed(1)} | ${vs(r.steps, base?.steps)} | ${same} |`
			);
		}
	}
