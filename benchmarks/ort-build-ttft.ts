// npx tsx benchmarks/ort-build-ttft.ts [threads=2] [dtype=q4]   (after benchmarks/ort-build.ts bundled the app page)
// TTFT vs prompt length (2-128 tokens) on the SmolLM2-135M twin, LocalEngine with the plain vs the asyncify ORT
// build, both pages loaded once and kept (steady state), prompts interleaved, settle before each, median of 3.
// Companion to benchmarks/ort-build.ts, whose TTFT column is the first prompt after a fresh load.
import { chromium } from '@playwright/test';
import { resolve } from 'node:path';
import { startBenchServer } from './engine/server';
import { settle } from './engine/settle';
import { buildLongPrompt } from './engine/prompts';
import { summarize } from '../src/lib/bench/stats';
const ROOT = resolve(import.meta.dirname, '..');
const threads = Number(process.argv[2] ?? 2);
const dtype = process.argv[3] ?? 'q4';
const server = await startBenchServer({
	repoRoot: ROOT,
	modelsDir: resolve(ROOT, 'models'),
	appPageDir: resolve(ROOT, 'node_modules/.cache/edgewise-bench/app-page'),
	port: 4371
}); // ports 4370-4379: this lever's benchmarks
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const context = await browser.newContext();
const pages: Record<string, any> = {};
for (const build of ['ort-wasm-simd-threaded', 'ort-wasm-simd-threaded.asyncify']) {
	const page = await context.newPage();
	await page.goto(`${server.url}/app/index.html`);
	await page.waitForFunction(() => (globalThis as any).appBenchReady === true);
	const r = await page.evaluate((a) => (globalThis as any).appBench.load(a), {
		hubBaseUrl: `${server.url}/hub/`,
		modelId: 'smollm2-135m',
		dtype,
		threads,
		wasmBuild: build
	});
	console.log(build, 'load', Math.round(r.loadMs));
	pages[build] = page;
}
const lengths = [2, 4, 8, 16, 32, 64, 128];
const prompts: Record<number, string> = {};
for (const n of lengths) prompts[n] = (await buildLongPrompt(resolve(ROOT, 'models'), 'smollm2-135m', n)).text;
const out: Record<string, Record<number, number[]>> = {};
for (let rep = 0; rep < 3; rep++)
	for (const n of lengths)
		for (const build of Object.keys(pages)) {
			await settle([process.pid], { maxWaitMs: 5000 });
			const run = await pages[build].evaluate((a: any) => (globalThis as any).appBench.generate(a), {
				prompt: prompts[n],
				maxNewTokens: 1
			});
			((out[build] ??= {})[n] ??= []).push(run.timesMs[0] - run.requestMs);
		}
const med = (x: number[] | undefined) => summarize(x ?? [])?.median ?? NaN;
console.log(`TTFT ms (median of 3), ${threads} threads, ${dtype}, by prompt tokens:`);
console.log('build | ' + lengths.join(' | '));
for (const b of Object.keys(out)) console.log(b + ' | ' + lengths.map((n) => Math.round(med(out[b]?.[n]))).join(' | '));
await browser.close();
await server.close();
