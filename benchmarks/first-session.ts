// Warm load: why is the first session a fresh worker creates slower than the second on the same
// bytes, and what can be done ahead of the load (prepare) to close that? In Chromium (persistent profile,
// so the wasm code cache is warm after the first rep), each variant in a fresh worker, interleaved:
// - `none`: start ORT, then create the model's session twice.
// - `tiny`: first create the tiny twin's session N times (tiers up V8's code for session creation).
// - `reserve`: first write the heap the session will need (runtime-start.ts's ConstantOfShape model;
//   what LocalEngine.prepare() now does), as a multiple of the model file's size.
//
//   npx tsx benchmarks/first-session.ts [--model smollm2-135m] [--dtypes q8,fp32] [--reps 4] [--threads 2]
//     [--tiny 10] [--reserve 1,2]
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { heapTouchModelBytes, identityModelBytes } from '../src/lib/engine/local/runtime-start';
import { onnxFileName } from '../src/lib/models/hub';
import { launchBenchBrowser } from './engine/browser';
import { startBenchServer } from './engine/server';
import { median } from './ort-decode';
import { rotated } from './engine/rotate';

const { values: opts } = parseArgs({
	options: {
		model: { type: 'string', default: 'smollm2-135m' },
		tiny: { type: 'string', default: '10' },
		'tiny-model': { type: 'string', default: 'edgewise-tiny' },
		dtypes: { type: 'string', default: 'q8,fp32' },
		reps: { type: 'string', default: '4' },
		threads: { type: 'string', default: '2' },
		reserve: { type: 'string', default: '1,2' },
		'models-dir': { type: 'string', default: 'models' },
		chromium: { type: 'string', default: '/usr/bin/chromium' },
		port: { type: 'string', default: '4352' }
	}
});

const ROOT = resolve(import.meta.dirname, '..');
const modelsDir = resolve(ROOT, opts['models-dir']!);
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const server = await startBenchServer({
	repoRoot: ROOT,
	modelsDir,
	appPageDir: join(ROOT, 'benchmarks/app-page'),
	port: Number(opts.port)
});
const browser = await launchBenchBrowser(opts.chromium!);
const page = await browser.context.newPage();
await page.goto(`${server.url}/raw/first-session.html`);
await page.waitForFunction(() => (globalThis as { firstSessionReady?: boolean }).firstSessionReady);

interface Variant {
	label: string;
	tiny?: number;
	reserveX?: number;
}
const variants: Variant[] = [
	{ label: 'none' },
	{ label: `tiny x${opts.tiny}`, tiny: Number(opts.tiny) },
	...opts.reserve!.split(',').map((x) => ({ label: `reserve ${x}x file`, reserveX: Number(x) }))
];
const rows: string[] = [];
try {
	for (const dtype of opts.dtypes!.split(',')) {
		const file = onnxFileName(dtype);
		const fileMiB = (await stat(join(modelsDir, opts.model!, file))).size / 2 ** 20;
		const samples = new Map<string, { ahead: number[]; first: number[]; second: number[] }>();
		for (let rep = 0; rep < Number(opts.reps); rep++)
			for (const v of rotated(variants, rep)) {
				const result = (await page.evaluate((o) => (globalThis as any).firstSession(o), {
					threads: Number(opts.threads),
					identity: base64(identityModelBytes()),
					reserve: base64(heapTouchModelBytes()),
					modelUrl: `/models/${opts.model}/${file}`,
					tinyUrl: `/models/${opts['tiny-model']}/${file}`,
					tiny: v.tiny ?? 0,
					reserveMiB: v.reserveX ? Math.ceil(v.reserveX * fileMiB) : 0
				})) as { error?: string; aheadMs: number; createMs: number[] };
				if (result.error) throw new Error(result.error);
				console.log(
					`${dtype} rep ${rep} ${v.label}: ahead ${result.aheadMs.toFixed(0)} ms, sessions ${result.createMs.map((x) => x.toFixed(0)).join(' / ')} ms`
				);
				// Rep 0 fills Chromium's code cache; it is printed, not counted.
				if (rep === 0) continue;
				const s = samples.get(v.label) ?? { ahead: [], first: [], second: [] };
				s.ahead.push(result.aheadMs);
				s.first.push(result.createMs[0] ?? NaN);
				s.second.push(result.createMs[1] ?? NaN);
				samples.set(v.label, s);
			}
		const none = samples.get('none')!;
		for (const v of variants) {
			const s = samples.get(v.label)!;
			rows.push(
				`| ${dtype} (${fileMiB.toFixed(0)} MiB) | ${v.label} | ${median(s.ahead).toFixed(0)} | ${median(s.first).toFixed(0)} | ${(median(s.first) / median(none.first)).toFixed(2)} | ${median(s.second).toFixed(0)} |`
			);
		}
	}
} finally {
	await browser.close();
	await server.close();
}
console.log(
	`\n${opts.model}, ${opts.threads} threads, ${Number(opts.reps) - 1} counted reps (medians), load average ${loadavg()
		.map((x) => x.toFixed(1))
		.join(' ')}`
);
console.log('| dtype | ahead of the load | ahead ms | first session ms | vs none | second session ms |');
console.log('|---|---|---:|---:|---:|---:|');
for (const row of rows) console.log(row);
