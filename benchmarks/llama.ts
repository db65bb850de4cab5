// npm run bench:llama -- [--shape smollm2-135m] [--quants q8_0,q4_0] [--threads 1,2] [--reps 5] [--tokens 32]
//   [--warmups 1] [--port 4355] [--out bench-results]
// llama.cpp natively (node-llama-cpp 3.21.1's prebuilt CPU binary) against llama.cpp in Chromium (wllama
// 3.13.0 through Edgewise's LlamaCppEngine, made by the built app's window.edgewise.llama), on the same GGUF
// files of a synthetic twin, through the runners bench:engine uses too (engine/llama-runners.ts), in one
// run: per quant and thread count, both runtimes loaded side by side and their timed runs interleaved (the
// order alternates every rep), each after the machine settles.
// Greedy, EOS ignored, the same short prompt; TTFT = request to first token, decode tokens/s over the
// tokens after the first (as benchmarks/engine/metrics.ts). Prints medians [min-max] and
// llamaWasmOverNative (wasm / native decode tokens/s) per quant and thread count; writes
// bench-results/llama-<time>.json. Needs a built app (`npm run build`) and /usr/bin/chromium.
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { getLlama, LlamaLogLevel } from 'node-llama-cpp';
import { flagsOrExit } from '../src/cli/cli-args';
import { makeModel } from '../src/cli/make-model';
import { GGUF_FILE_NAMES, isGgufQuant, type GgufQuant } from '../src/lib/models/synthetic/gguf';
import { SHAPES, type ShapeName } from '../src/lib/models/synthetic/shapes';
import { summarize } from '../src/lib/bench/stats';
import { launchBenchBrowser } from './engine/browser';
import { LlamaNativeRunner, LlamaWasmRunner, startLlamaAppServer, type GgufLocator } from './engine/llama-runners';
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

	const server = await startLlamaAppServer({ repoRoot: ROOT, ggufRoot: modelDir, port: Number(opts.port) });
	const files: GgufLocator = {
		path: (_id, quant) => join(modelDir, GGUF_FILE_NAMES[quant]),
		url: (_id, quant) => `${server.url}/bench-models/${GGUF_FILE_NAMES[quant]}`
	};
	const llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error });
	const browser = await launchBenchBrowser(String(opts.chromium));

	const rows: {
		quant: GgufQuant;
		threads: number;
		native: Run[];
		wasm: Run[];
		nativeBuild: string;
	}[] = [];
	const timed = async (runner: LlamaNativeRunner | LlamaWasmRunner): Promise<Run> => {
		const run = await runner.generate(SHORT_PROMPT, tokens);
		return {
			...fromTimes(run.requestMs, run.timesMs),
			outputTokens: run.tokenIds.length,
			serverDecodeTokensPerS: run.serverDecodeTokensPerS
		};
	};
	try {
		for (const quant of quants) {
			for (const threads of threadCounts) {
				// Both runtimes loaded side by side, their runs interleaved (benchmarks/engine/llama-runners.ts).
				const nativeRunner = new LlamaNativeRunner(llama, files);
				const wasmRunner = new LlamaWasmRunner(browser.context, server.url, files);
				const { build: nativeBuild } = await nativeRunner.load(shapeName, quant, threads);
				await wasmRunner.load(shapeName, quant, threads);
				for (let i = 0; i < warmups; i++) {
					await timed(nativeRunner);
					await timed(wasmRunner);
				}
				const row = { quant, threads, native: [] as Run[], wasm: [] as Run[], nativeBuild };
				for (let rep = 0; rep < reps; rep++) {
					const order = rep % 2 === 0 ? (['native', 'wasm'] as const) : (['wasm', 'native'] as const);
					for (const which of order) {
						await settle([process.pid]);
						if (which === 'native') row.native.push(await timed(nativeRunner));
						else row.wasm.push(await timed(wasmRunner));
					}
				}
				rows.push(row);
				process.stderr.write(
					`bench:llama: ${quant} ${threads}t native ${fmt(row.native.map((r) => r.decodeTokensPerS))} tok/s, wasm ${fmt(row.wasm.map((r) => r.decodeTokensPerS))} tok/s\n`
				);
				await wasmRunner.dispose();
				await nativeRunner.dispose();
			}
		}
	} finally {
		await browser.close();
		await llama.dispose();
		await server.close();
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
