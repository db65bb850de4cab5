// npx tsx benchmarks/ort-build.ts [--models edgewise-tiny:q8,smollm2-135m:q4] [--threads 1,2] [--reps 3]
//   [--tokens 24] [--long-tokens 128] [--port 4370] [--out bench-results]
// The "ORT web build" lever in the app: Edgewise's LocalEngine (benchmarks/app-page, the app's
// engine module, worker and ORT files) on the wasm device with the plain SIMD-threaded build vs the
// asyncify build, same model files, one browser, interleaved (order rotated each rep), a settle wait
// before every timed step. Every load starts a fresh page, so a fresh worker that fetches (from Cache
// Storage) and compiles its ORT build: the warm load measured here is what a person waits for after
// picking a model that is already cached. Prints medians [min–max] and ratios; writes
// bench-results/ort-build-<time>.json. Models come from models/{id} (see BENCHMARKS.md, Engine speed).
import { type Page } from '@playwright/test';
import { launchBenchBrowser } from './engine/browser';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startBenchServer } from './engine/server';
import { settle } from './engine/settle';
import { decodeTokensPerSecond, ttftMs } from './engine/metrics';
import { buildLongPrompt, SHORT_PROMPT } from './engine/prompts';
import type { EngineRun } from './engine/types';
import { summarize } from '../src/lib/bench/stats';
import { ASYNCIFY_BUILD, PLAIN_BUILD, type OrtBuild } from '../src/lib/engine/local/backend';
import { rotated } from './engine/rotate';

const ROOT = resolve(import.meta.dirname, '..');
const { values: opts } = parseArgs({
	options: {
		models: { type: 'string', default: 'edgewise-tiny:q8,smollm2-135m:q4' },
		threads: { type: 'string', default: '1,2' },
		reps: { type: 'string', default: '3' },
		tokens: { type: 'string', default: '24' },
		// TTFT of a prompt of exactly this many tokens (prefill speed); 0 skips it.
		'long-tokens': { type: 'string', default: '128' },
		port: { type: 'string', default: '4370' },
		out: { type: 'string', default: 'bench-results' },
		chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' }
	}
});
const list = (s: string) =>
	s
		.split(',')
		.map((x) => x.trim())
		.filter(Boolean);
const models = list(opts.models).map((m) => {
	const [id = m, dtype = 'q8'] = m.split(':');
	return { id, dtype };
});
const threadCounts = list(opts.threads).map(Number);
const reps = Number(opts.reps);
const tokens = Number(opts.tokens);
const longTokens = Number(opts['long-tokens']);
const builds: OrtBuild[] = [PLAIN_BUILD, ASYNCIFY_BUILD];
const modelsDir = resolve(ROOT, 'models');
for (const { id } of models) {
	if (!existsSync(join(modelsDir, id, 'config.json'))) {
		console.error(`Model folder models/${id} is missing; see BENCHMARKS.md (Engine speed) for npm run make-model.`);
		process.exit(2);
	}
}

interface Samples {
	build: string;
	threads: number;
	loadMs: number[];
	loadKinds: string[];
	ttftMs: number[];
	ttftLongMs: number[];
	decodeTps: number[];
	tokenIds: number[] | null;
}

const median = (xs: number[]) => summarize(xs)?.median ?? NaN;
const fmt = (xs: number[], digits = 0) =>
	xs.length
		? `${median(xs).toFixed(digits)} [${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}]`
		: '–';

console.log('Bundling the LocalEngine page (vite build)…');
execFileSync('npx', ['vite', 'build', '--config', 'benchmarks/app-page/vite.config.ts'], {
	cwd: ROOT,
	stdio: 'inherit'
});
const appPageDir = resolve(ROOT, 'node_modules/.cache/edgewise-bench/app-page');
const server = await startBenchServer({ repoRoot: ROOT, modelsDir, appPageDir, port: Number(opts.port) });
const browser = await launchBenchBrowser(opts.chromium);
const { context } = browser;
const startedAt = new Date();
const loadAverages: number[] = [];

async function openAppPage(): Promise<Page> {
	const page = await context.newPage();
	await page.goto(`${server.url}/app/index.html`);
	await page.waitForFunction(() => (globalThis as Record<string, unknown>).appBenchReady === true, null, {
		timeout: 60_000
	});
	return page;
}

async function loadOn(page: Page, modelId: string, dtype: string, threads: number, wasmBuild: OrtBuild) {
	const args = { hubBaseUrl: `${server.url}/hub/`, modelId, dtype, threads, wasmBuild };
	return page.evaluate((a) => (globalThis as any).appBench.load(a), args) as Promise<{
		loadMs: number;
		loadKind: string;
		build: string;
		threads: number;
	}>;
}

const generateOn = (page: Page, maxNewTokens: number, prompt = SHORT_PROMPT) =>
	page.evaluate((a) => (globalThis as any).appBench.generate(a), { prompt, maxNewTokens }) as Promise<EngineRun>;

const results: Record<string, Samples[]> = {};
try {
	for (const { id, dtype } of models) {
		const key = `${id} ${dtype}`;
		const longPrompt = longTokens > 0 ? await buildLongPrompt(modelsDir, id, longTokens) : null;
		const configs: Samples[] = threadCounts.flatMap((threads) =>
			builds.map((build) => ({
				build,
				threads,
				loadMs: [],
				loadKinds: [],
				ttftMs: [],
				ttftLongMs: [],
				decodeTps: [],
				tokenIds: null
			}))
		);
		results[key] = configs;
		// Untimed first load per build: fills Cache Storage with the model files and that build's wasm.
		for (const build of builds) {
			const page = await openAppPage();
			const primed = await loadOn(page, id, dtype, 1, build);
			console.log(`${key}: primed ${build} (${primed.loadKind}, ${primed.loadMs.toFixed(0)} ms)`);
			await page.close();
		}
		for (let rep = 0; rep < reps; rep++) {
			const order = rotated(configs, rep);
			for (const s of order) {
				await settle([process.pid]);
				loadAverages.push(loadavg()[0] ?? NaN);
				const page = await openAppPage();
				await settle([process.pid]);
				const loaded = await loadOn(page, id, dtype, s.threads, s.build as OrtBuild);
				if (loaded.build !== s.build) throw new Error(`asked for ${s.build}, the engine reports ${loaded.build}`);
				s.loadMs.push(loaded.loadMs);
				s.loadKinds.push(loaded.loadKind);
				// Chromium tiers the wasm up in the background after a load: one short untimed run, then settle.
				await generateOn(page, 4);
				await settle([process.pid]);
				const run = await generateOn(page, tokens);
				s.ttftMs.push(ttftMs(run) ?? NaN);
				s.decodeTps.push(decodeTokensPerSecond(run) ?? NaN);
				s.tokenIds ??= run.tokenIds;
				if (longPrompt) {
					await settle([process.pid]);
					s.ttftLongMs.push(ttftMs(await generateOn(page, 2, longPrompt.text)) ?? NaN);
				}
				await page.close();
				console.log(
					`${key} ${s.build} ${s.threads}t rep ${rep + 1}: load ${loaded.loadMs.toFixed(0)} ms (${loaded.loadKind}), decode ${(decodeTokensPerSecond(run) ?? NaN).toFixed(1)} tok/s`
				);
			}
		}
	}
} finally {
	await browser.close();
	await server.close();
}

const lines: string[] = [];
const ratios: Record<
	string,
	Record<string, { loadAsyncifyOverPlain: number; decodePlainOverAsyncify: number; ttftLongAsyncifyOverPlain: number }>
> = {};
for (const [key, configs] of Object.entries(results)) {
	lines.push(`\n#### ${key} (${reps} reps, ${tokens} new tokens; median [min–max])`);
	lines.push(
		`| build | thr | warm load ms | TTFT ms | TTFT ${longTokens}-token prompt ms | decode tok/s | greedy ids vs plain 1 thr |`
	);
	lines.push('|---|---|---|---|---|---|---|');
	const reference = configs[0]?.tokenIds ?? null;
	for (const s of configs) {
		const same = JSON.stringify(s.tokenIds) === JSON.stringify(reference) ? 'same' : 'differ';
		const kinds = [...new Set(s.loadKinds)].join('/');
		lines.push(
			`| ${s.build} | ${s.threads} | ${fmt(s.loadMs)}${kinds === 'warm' ? '' : ` (${kinds})`} | ${fmt(s.ttftMs)} | ${fmt(s.ttftLongMs)} | ${fmt(s.decodeTps, 1)} | ${same} |`
		);
	}
	for (const threads of threadCounts) {
		const plain = configs.find((s) => s.threads === threads && s.build === PLAIN_BUILD)!;
		const asyncify = configs.find((s) => s.threads === threads && s.build === ASYNCIFY_BUILD)!;
		const r = {
			loadAsyncifyOverPlain: median(asyncify.loadMs) / median(plain.loadMs),
			decodePlainOverAsyncify: median(plain.decodeTps) / median(asyncify.decodeTps),
			ttftLongAsyncifyOverPlain: median(asyncify.ttftLongMs) / median(plain.ttftLongMs)
		};
		(ratios[key] ??= {})[`${threads}t`] = r;
		lines.push(
			`\n${threads} thread(s): warm load asyncify ÷ plain = ${r.loadAsyncifyOverPlain.toFixed(2)}x, decode plain ÷ asyncify = ${r.decodePlainOverAsyncify.toFixed(2)}x, long-prompt TTFT asyncify ÷ plain = ${r.ttftLongAsyncifyOverPlain.toFixed(2)}x`
		);
	}
}
lines.push(`\nload average (1 min) during the run: ${fmt(loadAverages, 1)} on ${cpus().length} cores`);
console.log(lines.join('\n'));
const file = resolve(ROOT, opts.out, `ort-build-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
await mkdir(resolve(ROOT, opts.out), { recursive: true });
await writeFile(
	file,
	JSON.stringify(
		{
			kind: 'edgewise-ort-build-bench',
			command: `npx tsx benchmarks/ort-build.ts ${process.argv.slice(2).join(' ')}`.trim(),
			startedAt: startedAt.toISOString(),
			finishedAt: new Date().toISOString(),
			chromium: browser.version,
			loadAverages,
			ratios,
			results
		},
		null,
		2
	)
);
console.log(`\nwrote ${file}`);
