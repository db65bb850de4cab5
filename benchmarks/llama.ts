// npm run bench:llama -- [--shape smollm2-135m] [--quants q8_0,q4_0] [--threads 1,2] [--reps 5] [--tokens 32]
//   [--warmups 1] [--port 4355] [--out bench-results]
// llama.cpp natively (node-llama-cpp 3.21.1's prebuilt CPU binary) against llama.cpp in Chromium (wllama
// 3.13.0 through Edgewise's LlamaCppEngine, driven from the built app's window.edgewise.llama entry), on the same GGUF
// files of a synthetic twin, in one run: per quant and thread count, both runtimes loaded side by side and
// their timed runs interleaved (the order alternates every rep), each after the machine settles.
// Greedy, EOS ignored, the same short prompt; TTFT = request to first token, decode tokens/s over the
// tokens after the first (as benchmarks/engine/metrics.ts). Prints medians [min-max] and
// llamaWasmOverNative (wasm / native decode tokens/s) per quant and thread count; writes
// bench-results/llama-<time>.json. Needs a built app (`npm run build`) and /usr/bin/chromium.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import { getLlama, LlamaLogLevel, type Token } from 'node-llama-cpp';
import { flagsOrExit } from '../src/cli/cli-args';
import { makeModel } from '../src/cli/make-model';
import { GGUF_FILE_NAMES, isGgufQuant, type GgufQuant } from '../src/lib/models/synthetic/gguf';
import { SHAPES, type ShapeName } from '../src/lib/models/synthetic/shapes';
import { summarize } from '../src/lib/bench/stats';
import { ISOLATION_HEADERS } from '../src/server/static-server';
import { launchBenchBrowser } from './engine/browser';
import { SHORT_PROMPT } from './engine/prompts';
import { settle } from './engine/settle';

const ROOT = resolve(import.meta.dirname, '..');
const opts = flagsOrExit(
	process.argv.slice(2),
	{
		shape: { type: 'string', default: 'smollm2-135m' },
		quants: { type: 'string', default: 'q8_0,q4_0' },
		threads: { type: 'string', default: '1,2' },
		reps: { type: 'string', default: '5' },
		tokens: { type: 'string', default: '32' },
		warmups: { type: 'string', default: '1' },
		port: { type: 'string', default: '4355' },
		out: { type: 'string', default: 'bench-results' },
		chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' }
	},
	'Usage: npm run bench:llama -- [--shape smollm2-135m] [--quants q8_0,q4_0] [--threads 1,2] [--reps 5] [--tokens 32] [--warmups 1] [--port 4355] [--out bench-results]'
);
const shapeName = opts.shape as ShapeName;
if (!(shapeName in SHAPES))
	throw new Error(`Unknown shape ${shapeName}; use one of ${Object.keys(SHAPES).join(', ')}.`);
const quants = String(opts.quants).split(',').filter(isGgufQuant) as GgufQuant[];
const threadCounts = String(opts.threads).split(',').map(Number);
const reps = Number(opts.reps);
const tokens = Number(opts.tokens);
const warmups = Number(opts.warmups);

interface Run {
	ttftMs: number;
	decodeTokensPerS: number;
	outputTokens: number;
	serverDecodeTokensPerS?: number;
}

const median = (xs: number[]) => summarize(xs)?.median ?? NaN;
const summary = (xs: number[]) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });
const fmt = (xs: number[], digits = 1) => {
	const s = summary(xs);
	return `${s.median.toFixed(digits)} [${s.min.toFixed(digits)}-${s.max.toFixed(digits)}]`;
};

/** Speeds from token arrival times; a run that streamed nothing has no speed to report. */
function fromTimes(requestMs: number, timesMs: readonly number[]): Run {
	const n = timesMs.length;
	const first = timesMs[0];
	const last = timesMs[n - 1];
	if (first === undefined || last === undefined)
		throw new Error('The run streamed no tokens; check the model and the prompt before timing it.');
	return {
		ttftMs: first - requestMs,
		decodeTokensPerS: n > 1 ? ((n - 1) * 1000) / (last - first) : NaN,
		outputTokens: n
	};
}

async function main(): Promise<void> {
	if (!existsSync(join(ROOT, 'build/index.html'))) throw new Error('No build/: run `npm run build` first.');
	const modelDir = join(ROOT, 'models', `llama-bench-${shapeName}`);
	process.stderr.write(`bench:llama: GGUF files in ${modelDir} (generated when missing)\n`);
	await makeModel({
		shape: SHAPES[shapeName],
		dtypes: [],
		ggufQuants: quants,
		seed: 1,
		out: modelDir,
		ifMissing: true
	});

	const app = Fastify({ logger: false });
	app.addHook('onSend', async (_request, reply) => {
		for (const [name, value] of Object.entries(ISOLATION_HEADERS)) reply.header(name, value);
	});
	app.register(fastifyStatic, { root: join(ROOT, 'build'), prefix: '/', acceptRanges: true });
	app.register(fastifyStatic, { root: modelDir, prefix: '/bench-models/', decorateReply: false, acceptRanges: true });
	const origin = await app.listen({ host: '127.0.0.1', port: Number(opts.port) });

	const llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error });
	const browser = await launchBenchBrowser(String(opts.chromium));
	const page = await browser.context.newPage();
	await page.goto(`${origin}/`);
	await page.waitForFunction(() => Boolean(window.edgewise?.llama) && crossOriginIsolated);

	const rows: {
		quant: GgufQuant;
		threads: number;
		native: Run[];
		wasm: Run[];
		wasmBuild?: string;
		nativeBuild: string;
	}[] = [];
	try {
		for (const quant of quants) {
			const file = join(modelDir, GGUF_FILE_NAMES[quant]);
			const model = await llama.loadModel({ modelPath: file });
			const promptTokens = model.tokenize(SHORT_PROMPT);
			for (const threads of threadCounts) {
				// Flash attention on, as wllama's llama.cpp turns it on ("auto") on its CPU backend.
				const context = await model.createContext({ contextSize: 512, threads, flashAttention: true });
				const sequence = context.getSequence();
				const native = async (): Promise<Run> => {
					await sequence.clearHistory();
					const times: number[] = [];
					const requestMs = performance.now();
					for await (const _token of sequence.evaluate(promptTokens as Token[], { temperature: 0 })) {
						times.push(performance.now());
						if (times.length >= tokens) break;
					}
					return fromTimes(requestMs, times);
				};
				await page.evaluate(
					async ({ url, threads }) => {
						const engine = await window.edgewise!.llama.create({ urls: [url], threads, backend: 'wasm' });
						await engine.load();
						(window as unknown as { __bench: unknown }).__bench = engine;
					},
					{ url: `${origin}/bench-models/${GGUF_FILE_NAMES[quant]}`, threads }
				);
				const wasm = (): Promise<Run & { threads?: number }> =>
					page.evaluate(
						async ({ prompt, tokens }) => {
							const engine = (
								window as unknown as { __bench: import('../src/lib/engine/llama/llama-engine').LlamaCppEngine }
							).__bench;
							const r = await engine.generate({
								input: { mode: 'completion', prompt },
								maxNewTokens: tokens,
								temperature: 0,
								ignoreEos: true
							});
							if (r.error) throw new Error(`${r.error.name}: ${r.error.message}`);
							return {
								...fromTimes(r.requestMs, r.arrivalsMs),
								outputTokens: r.outputTokens,
								serverDecodeTokensPerS: r.serverTimings?.decodeTokensPerS,
								threads: engine.describe().threads
							};
						},
						{ prompt: SHORT_PROMPT, tokens }
					);
				for (let i = 0; i < warmups; i++) {
					await native();
					await wasm();
				}
				const row = {
					quant,
					threads,
					native: [] as Run[],
					wasm: [] as Run[],
					nativeBuild: `node-llama-cpp 3.21.1, ${llama.buildType}`
				};
				for (let rep = 0; rep < reps; rep++) {
					const order = rep % 2 === 0 ? (['native', 'wasm'] as const) : (['wasm', 'native'] as const);
					for (const which of order) {
						await settle([process.pid]);
						if (which === 'native') row.native.push(await native());
						else {
							const run = await wasm();
							if (run.threads !== threads) throw new Error(`wllama ran ${run.threads} threads, not ${threads}.`);
							row.wasm.push(run);
						}
					}
				}
				rows.push(row);
				process.stderr.write(
					`bench:llama: ${quant} ${threads}t native ${fmt(row.native.map((r) => r.decodeTokensPerS))} tok/s, wasm ${fmt(row.wasm.map((r) => r.decodeTokensPerS))} tok/s\n`
				);
				await page.evaluate(async () => {
					const w = window as unknown as { __bench?: { dispose(): Promise<void> } };
					await w.__bench?.dispose();
					delete w.__bench;
				});
				await context.dispose();
			}
			await model.dispose();
		}
	} finally {
		await browser.close();
		await llama.dispose();
		await app.close();
	}

	const ratios = rows.map((r) => ({
		quant: r.quant,
		threads: r.threads,
		llamaWasmOverNative: median(r.wasm.map((x) => x.decodeTokensPerS)) / median(r.native.map((x) => x.decodeTokensPerS))
	}));
	const lines = [
		`| quant | threads | native TTFT ms | native decode tok/s | wasm TTFT ms | wasm decode tok/s | wasm decode tok/s (llama.cpp timings) | llamaWasmOverNative |`,
		`|---|---|---|---|---|---|---|---|`,
		...rows
			.map((r, i) =>
				[
					r.quant.toUpperCase(),
					r.threads,
					fmt(
						r.native.map((x) => x.ttftMs),
						0
					),
					fmt(r.native.map((x) => x.decodeTokensPerS)),
					fmt(
						r.wasm.map((x) => x.ttftMs),
						0
					),
					fmt(r.wasm.map((x) => x.decodeTokensPerS)),
					fmt(r.wasm.map((x) => x.serverDecodeTokensPerS ?? NaN)),
					ratios[i]!.llamaWasmOverNative.toFixed(2) // one ratio per row, same order
				].join(' | ')
			)
			.map((line) => `| ${line} |`)
	];
	console.log(lines.join('\n'));
	const outDir = resolve(ROOT, String(opts.out));
	await mkdir(outDir, { recursive: true });
	const path = join(outDir, `llama-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
	await writeFile(
		path,
		JSON.stringify(
			{
				shape: shapeName,
				prompt: SHORT_PROMPT,
				tokens,
				reps,
				warmups,
				chromium: browser.version,
				cpu: cpus()[0]?.model,
				cores: cpus().length,
				node: process.version,
				git: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim(),
				rows,
				ratios
			},
			null,
			2
		)
	);
	process.stderr.write(`bench:llama: wrote ${path}\n`);
}

await main();
