// npm run bench:engine -- [--models edgewise-tiny,smollm2-135m] [--dtypes fp32,q8,q4] [--threads 1,2]
//   [--reps 3] [--tokens 32] [--long-tokens 512] [--long-threads 2] [--warmups 1]
//   [--engines native,raw,app,llama-native,llama-wasm,llama-edgewise-relaxed,llama-edgewise-simd128]
//   [--load-reps 3] [--load-threads 2]
//   [--raw-variants '[{"label":"raw-plain","build":"plain"}]'] [--port 4350] [--llama-port 4351] [--out bench-results]
// Native transformers.js (onnxruntime-node), the raw transformers.js page and Edgewise's LocalEngine on
// the same model files, and llama.cpp natively (node-llama-cpp) and in the browser (LlamaCppEngine in the
// built app) on the same model's GGUF files (fp32 -> F32, q8 -> Q8_0, q4 -> Q4_0), in one process and one
// browser, interleaved (the order rotates every rep), with a settle wait before every timed run. Prints
// medians [min–max] and the engine-speed ratios (llama.cpp's: llamaWasmOverNative per quant and thread
// count, llamaWasmQ4OverOrtWebQ4; the Edgewise llama.cpp builds' edgewiseLlamaOverWllama and
// edgewiseLlamaOverNative per quant and thread count, its best flavour's decode over the other's), and writes bench-results/engine-<time>.json. Models come from
// models/{id} (npm run make-model, with --dtype q8,q4,q8_0,q4_0 for the GGUF files; see BENCHMARKS.md);
// the llama.cpp wasm rows need a built app (npm run build).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { launchBenchBrowser } from './engine/browser';
import { AppPageRunner, RawPageRunner, type RawVariant } from './engine/browser-runner';
import { decodeTokensPerSecond, sessionRunMsPerStep, ttftMs } from './engine/metrics';
import { NativeRunner } from './engine/native-runner';
import { getLlama, LlamaLogLevel, type Llama } from 'node-llama-cpp';
import { GGUF_FILE_NAMES } from '../src/lib/models/synthetic/gguf';
import {
	LLAMA_BROWSER_BUILDS,
	LlamaNativeRunner,
	LlamaWasmRunner,
	startLlamaAppServer,
	type GgufLocator
} from './engine/llama-runners';
import { buildLongPrompt, SHORT_PROMPT } from './engine/prompts';
import {
	configTable,
	ratiosFor,
	ratiosTable,
	fastestInBrowser,
	llamaRatiosFor,
	llamaRatiosTable,
	type LlamaRatios,
	summarizeConfig,
	type ConfigSamples,
	type ConfigSummary,
	type DtypeRatios,
	edgewiseRatiosFor,
	EDGEWISE_ENGINES,
	type EdgewiseRatios
} from './engine/report';
import { startBenchServer } from './engine/server';
import { machineBusy, settle } from './engine/settle';
import type { EngineRun, LoadOutcome } from './engine/types';
import { flagsOrExit, usageText } from '../src/cli/cli-args';
import { rotated } from './engine/rotate';

const ROOT = resolve(import.meta.dirname, '..');
/** The quant names the JSON and tables use for each dtype's GGUF. */
const GGUF_FILE_NAMES_QUANT: Record<string, string> = { fp32: 'F32', q8: 'Q8_0', q4: 'Q4_0' };
const OPTIONS = {
	models: { type: 'string', default: 'edgewise-tiny,smollm2-135m' },
	dtypes: { type: 'string', default: 'fp32,q8,q4' },
	threads: { type: 'string', default: '1,2' },
	reps: { type: 'string', default: '3' },
	tokens: { type: 'string', default: '32' },
	'long-tokens': { type: 'string', default: '512' },
	// The 512-token prefill is the slowest part on the browser side; the TTFT target is read at 2 threads.
	'long-threads': { type: 'string', default: '2' },
	warmups: { type: 'string', default: '1' },
	// Warm loads measured alone after the reps (see below); the load ratio is read at 2 threads.
	'load-reps': { type: 'string', default: '3' },
	// The app's prepared loads: 'reserve' (the app's default), 'no-reserve' (prepare without the heap reservation).
	'prepared-variants': { type: 'string', default: 'reserve' },
	'load-threads': { type: 'string', default: '2' },
	engines: { type: 'string', default: 'native,raw,app,llama-native,llama-wasm' },
	'raw-variants': { type: 'string', default: '[{"label":"raw","build":"asyncify"}]' },
	'models-dir': { type: 'string', default: 'models' },
	port: { type: 'string', default: '4350' },
	// The built app, for llama.cpp in the browser (its page installs window.edgewise.llama).
	'llama-port': { type: 'string', default: '4351' },
	out: { type: 'string', default: 'bench-results' },
	chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' }
} as const;
const opts = flagsOrExit(
	process.argv.slice(2),
	OPTIONS,
	usageText(
		"Usage: npm run bench:engine -- [options]\nNative transformers.js, a raw transformers.js page and Edgewise's engine on the same files, and llama.cpp native and in the browser on their GGUF files, interleaved, one run.",
		OPTIONS
	)
);
const stageText = (stages?: Record<string, number>) =>
	stages
		? `: ${Object.entries(stages)
				.map(([k, v]) => `${k.replace(/Ms$/, '')} ${v.toFixed(0)}`)
				.join(', ')}`
		: '';
const list = (s: string) =>
	s
		.split(',')
		.map((x) => x.trim())
		.filter(Boolean);
const models = list(opts.models);
const dtypes = list(opts.dtypes);
const threadCounts = list(opts.threads).map(Number);
const engines = new Set(list(opts.engines));
const reps = Number(opts.reps);
const tokens = Number(opts.tokens);
const longTokens = Number(opts['long-tokens']);
const longThreads = new Set(list(opts['long-threads']).map(Number));
const loadReps = Number(opts['load-reps']);
const preparedVariants = opts['prepared-variants']!.split(',').filter(Boolean);
const loadThreads = list(opts['load-threads']).map(Number);
const rawVariants = (engines.has('raw') ? JSON.parse(opts['raw-variants']) : []) as RawVariant[];
const modelsDir = resolve(ROOT, opts['models-dir']);

for (const id of models) {
	if (!existsSync(join(modelsDir, id, 'config.json'))) {
		console.error(
			`Model folder ${join(modelsDir, id)} is missing. Generate it first, e.g.\n  npm run make-model -- --shape smollm2-135m --dtype fp32,q8,q4 --seed 1 --out models/smollm2-135m`
		);
		process.exit(2);
	}
}

interface Runner {
	samples: ConfigSamples;
	load(modelId: string, dtype: string, threads: number): Promise<LoadOutcome>;
	generate(prompt: string, maxNewTokens: number): Promise<EngineRun>;
	dispose(): Promise<void>;
}

function emptySamples(engine: string, threads: number): ConfigSamples {
	return {
		engine,
		threads,
		build: '',
		loads: [],
		ttftMs: [],
		decodeTps: [],
		ttftLongMs: [],
		longPromptTokens: null,
		sessionRunMsPerStep: [],
		overheadMsPerStep: [],
		settleWaitMs: [],
		machineBusy: [],
		tokenIds: null
	};
}

const appPageDir = resolve(ROOT, 'node_modules/.cache/edgewise-bench/app-page');
if (engines.has('app')) {
	console.log('Bundling the LocalEngine page (vite build)…');
	execFileSync('npx', ['vite', 'build', '--config', 'benchmarks/app-page/vite.config.ts'], {
		cwd: ROOT,
		stdio: 'inherit'
	});
}
const server = await startBenchServer({ repoRoot: ROOT, modelsDir, appPageDir, port: Number(opts.port) });
// llama.cpp reads each model's GGUF files beside its ONNX folder: models/{id}/model-{quant}.gguf.
const LLAMA_BROWSER_ENGINES = Object.keys(LLAMA_BROWSER_BUILDS);
const llamaApp = LLAMA_BROWSER_ENGINES.some((e) => engines.has(e))
	? await startLlamaAppServer({ repoRoot: ROOT, ggufRoot: modelsDir, port: Number(opts['llama-port']) })
	: null;
const gguf: GgufLocator = {
	path: (id, quant) => join(modelsDir, id, GGUF_FILE_NAMES[quant]),
	url: (id, quant) => `${llamaApp?.url}/bench-models/${id}/${GGUF_FILE_NAMES[quant]}`
};
const llama: Llama | null = engines.has('llama-native')
	? await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error })
	: null;
const browser = await launchBenchBrowser(opts.chromium);
const { context } = browser;
const busy = machineBusy();
const startedAt = new Date();
const elapsed = () => `${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s`;
const results: Record<string, Record<string, ConfigSummary[]>> = {};
const ratiosByModel: Record<string, Record<string, DtypeRatios>> = {};
const llamaByModel: Record<string, LlamaRatios[]> = {};
// ONNX Runtime web in llama.cpp's ratios: Edgewise's LocalEngine (what the app runs) when measured.
const ortWeb = engines.has('app') ? 'app' : (rawVariants[0]?.label ?? 'raw');
const BROWSER_ENGINES = ['app', ...LLAMA_BROWSER_ENGINES, ...rawVariants.map((v) => v.label)];
const edgewiseByModel: Record<
	string,
	{ overWllama: EdgewiseRatios; overNative: EdgewiseRatios; ttftLongWllamaOverEdgewise: EdgewiseRatios }
> = {};
const tables: string[] = [];

const file = resolve(ROOT, opts.out, `engine-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
// Written after every dtype, so an interrupted run keeps what it measured.
async function writeRecord(complete: boolean): Promise<void> {
	// The headline ratios are the SmolLM2-135M twin's when it was measured, else the last model's.
	const headline = results['smollm2-135m'] ? 'smollm2-135m' : Object.keys(results).at(-1)!;
	const record = {
		kind: 'edgewise-engine-bench',
		complete,
		startedAt: startedAt.toISOString(),
		finishedAt: new Date().toISOString(),
		command: `npm run bench:engine -- ${process.argv.slice(2).join(' ')}`.trim(),
		machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, chromium: browser.version },
		settings: {
			models,
			dtypes,
			threadCounts,
			reps,
			tokens,
			longTokens,
			longThreads: [...longThreads],
			engines: [...engines],
			rawVariants
		},
		ratiosModel: headline,
		ratios: ratiosByModel[headline],
		ratiosByModel,
		llama: llamaSummary(headline),
		llamaByModel,
		// The Edgewise llama.cpp build (its best flavour per row) over wllama 3.13.0 and over node-llama-cpp.
		edgewiseLlamaOverWllama: edgewiseByModel[headline]?.overWllama ?? null,
		edgewiseLlamaOverNative: edgewiseByModel[headline]?.overNative ?? null,
		edgewiseLlamaTtftLongWllamaOverEdgewise: edgewiseByModel[headline]?.ttftLongWllamaOverEdgewise ?? null,
		edgewiseByModel,
		results
	};
	await mkdir(resolve(ROOT, opts.out), { recursive: true });
	await writeFile(file, JSON.stringify(record, null, 2));
}

/** llamaWasmQ4OverOrtWebQ4 per thread count, llamaWasmOverNative per quant and thread count, and the pick. */
function llamaSummary(modelId: string) {
	const rows = llamaByModel[modelId] ?? [];
	return {
		ortWeb,
		llamaWasmQ4OverOrtWebQ4: Object.fromEntries(
			rows.filter((r) => r.quant === 'Q4_0').map((r) => [`${r.threads}t`, r.llamaWasmOverOrtWeb])
		),
		llamaWasmOverNative: rows.map(({ quant, threads, llamaWasmOverNative }) => ({
			quant,
			threads,
			llamaWasmOverNative
		})),
		fastestInBrowser: results[modelId] ? fastestInBrowser(results[modelId], BROWSER_ENGINES) : null
	};
}

try {
	for (const modelId of models) {
		const longPrompt = await buildLongPrompt(modelsDir, modelId, longTokens);
		const warmups = modelId.includes('tiny') ? Math.max(3, Number(opts.warmups)) : Number(opts.warmups);
		results[modelId] = {};
		ratiosByModel[modelId] = {};
		for (const dtype of dtypes) {
			const freshRunner = (engine: string, prepared = false, reserveHeap = true) =>
				engine === 'native'
					? new NativeRunner(modelsDir)
					: engine === 'llama-native'
						? new LlamaNativeRunner(llama!, gguf)
						: LLAMA_BROWSER_BUILDS[engine]
							? new LlamaWasmRunner(context, llamaApp!.url, gguf, LLAMA_BROWSER_BUILDS[engine])
							: engine === 'app'
								? new AppPageRunner(context, server.url, prepared, reserveHeap)
								: new RawPageRunner(
										context,
										server.url,
										rawVariants.find((v) => v.label === engine)!
									);
			const runners: Runner[] = [];
			for (const threads of threadCounts) {
				if (engines.has('native'))
					runners.push(Object.assign(new NativeRunner(modelsDir), { samples: emptySamples('native', threads) }));
				for (const v of rawVariants)
					runners.push(
						Object.assign(new RawPageRunner(context, server.url, v), { samples: emptySamples(v.label, threads) })
					);
				if (engines.has('app'))
					runners.push(
						Object.assign(new AppPageRunner(context, server.url), { samples: emptySamples('app', threads) })
					);
				for (const engine of ['llama-native', ...LLAMA_BROWSER_ENGINES])
					if (engines.has(engine))
						runners.push(Object.assign(freshRunner(engine), { samples: emptySamples(engine, threads) }));
			}
			// Loads in order: the first browser load of a file set fills Cache Storage (cold), later ones
			// read it back (warm); the same for native and the OS file cache.
			const seen = new Set<string>();
			for (const r of runners) {
				const key = ['app', 'native', 'llama-native', ...LLAMA_BROWSER_ENGINES].includes(r.samples.engine)
					? r.samples.engine
					: 'raw';
				await settle([process.pid]);
				const outcome = await r.load(modelId, dtype, r.samples.threads);
				r.samples.build = outcome.build;
				// The app says itself whether any model byte came over the network; the others go by order.
				const kind =
					outcome.loadKind === 'cold' || outcome.loadKind === 'warm'
						? outcome.loadKind
						: seen.has(key)
							? 'warm'
							: 'cold';
				r.samples.loads.push({ loadMs: outcome.loadMs, kind, stages: outcome.stages });
				seen.add(key);
				console.log(
					`  loaded ${modelId} ${dtype} ${r.samples.engine} ${r.samples.threads}t in ${outcome.loadMs.toFixed(0)} ms, ${kind}${stageText(outcome.stages)} (${elapsed()})`
				);
				for (let i = 0; i < warmups; i++) await r.generate(SHORT_PROMPT, 8);
			}
			for (let rep = 0; rep < reps; rep++) {
				const order = rotated(runners, rep);
				for (const r of order) {
					const s = r.samples;
					s.settleWaitMs.push((await settle([process.pid])).waitedMs);
					busy();
					const run = await r.generate(SHORT_PROMPT, tokens);
					s.machineBusy.push(busy());
					const tps = decodeTokensPerSecond(run);
					const inside = sessionRunMsPerStep(run);
					s.ttftMs.push(ttftMs(run) ?? NaN);
					s.decodeTps.push(tps ?? NaN);
					if (inside !== null) s.sessionRunMsPerStep.push(inside);
					if (inside !== null && tps) s.overheadMsPerStep.push(1000 / tps - inside);
					s.tokenIds ??= run.tokenIds;
					if (longThreads.has(s.threads)) {
						await settle([process.pid]);
						const long = await r.generate(longPrompt.text, 2);
						s.ttftLongMs.push(ttftMs(long) ?? NaN);
						s.longPromptTokens = long.inputTokens;
					}
				}
				console.log(`  ${modelId} ${dtype} rep ${rep + 1}/${reps} done (${elapsed()})`);
			}
			await Promise.all(runners.map((r) => r.dispose()));
			// Warm loads on their own: every other model released first, one fresh page (or native load) at
			// a time, interleaved. Measured while the configurations above stayed loaded, a late load ran
			// with several copies of the model in memory and took up to 2x longer (fp32: 3.5 -> 4.9 s).
			for (let rep = 0; rep < loadReps; rep++) {
				for (const threads of loadThreads) {
					const fresh = runners
						.filter((r) => r.samples.threads === threads)
						.flatMap((r) => [
							{ target: r.samples, prepared: false, noReserve: false, runner: freshRunner(r.samples.engine) },
							// The app also as the Compare page runs it: worker and runtime started ahead (prepare).
							...(r.samples.engine === 'app'
								? preparedVariants.map((v) => ({
										target: r.samples,
										prepared: true,
										noReserve: v === 'no-reserve',
										runner: freshRunner('app', true, v !== 'no-reserve')
									}))
								: [])
						]);
					for (const { target, runner, prepared, noReserve } of rotated(fresh, rep)) {
						await settle([process.pid]);
						const outcome = await runner.load(modelId, dtype, threads);
						await runner.dispose();
						const kind = outcome.loadKind === 'cold' ? 'cold' : 'warm';
						target.loads.push({
							loadMs: outcome.loadMs,
							kind,
							stages: outcome.stages,
							alone: true,
							prepared,
							prepareMs: outcome.prepareMs,
							reservedBytes: outcome.reservedBytes,
							noReserve
						});
						const label = `${target.engine}${prepared ? (noReserve ? ' (prepared, no heap reserved)' : ' (prepared)') : ''}`;
						console.log(
							`  load alone ${modelId} ${dtype} ${label} ${threads}t: ${outcome.loadMs.toFixed(0)} ms, ${kind}${stageText(outcome.stages)}${prepared ? `, prepare ${outcome.prepareMs?.toFixed(0)} ms before (heap reserved ${((outcome.reservedBytes ?? 0) / 2 ** 20).toFixed(0)} MiB)` : ''}`
						);
					}
				}
			}
			const idsOf = (engine: string) => runners.find((r) => r.samples.engine === engine)?.samples.tokenIds ?? null;
			// llama.cpp in the browser is compared with llama.cpp native (another runtime rounds differently).
			const summaries = runners.map((r) =>
				summarizeConfig(r.samples, idsOf(r.samples.engine.startsWith('llama') ? 'llama-native' : 'native'))
			);
			results[modelId][dtype] = summaries;
			ratiosByModel[modelId][dtype] = ratiosFor(summaries, rawVariants[0]?.label ?? 'raw');
			if (engines.has('llama-wasm'))
				(llamaByModel[modelId] ??= []).push(
					...llamaRatiosFor(summaries, GGUF_FILE_NAMES_QUANT[dtype] ?? dtype, ortWeb)
				);
			if (EDGEWISE_ENGINES.some((e) => engines.has(e))) {
				const own = edgewiseRatiosFor(summaries, GGUF_FILE_NAMES_QUANT[dtype] ?? dtype);
				const into = (edgewiseByModel[modelId] ??= { overWllama: {}, overNative: {}, ttftLongWllamaOverEdgewise: {} });
				Object.assign(into.overWllama, own.overWllama);
				Object.assign(into.overNative, own.overNative);
				Object.assign(into.ttftLongWllamaOverEdgewise, own.ttftLongWllamaOverEdgewise);
				const line = (name: string, r: EdgewiseRatios) =>
					`${name}: ${Object.entries(r)
						.map(([k, v]) => `${k} ${v?.toFixed(2) ?? '–'}`)
						.join(', ')}`;
				const text = [
					line('edgewiseLlamaOverWllama', own.overWllama),
					line('edgewiseLlamaOverNative', own.overNative),
					line('512-token TTFT, wllama ÷ Edgewise', own.ttftLongWllamaOverEdgewise)
				].join('\n');
				tables.push(text);
				console.log(`\n${text}\n`);
			}
			const table = configTable(
				`${modelId} ${dtype} (${tokens} new tokens, ${reps} reps; median [min–max])`,
				summaries
			);
			tables.push(table);
			console.log(`\n${table}\n`);
			await writeRecord(false);
		}
		const ratioTable = ratiosTable(
			`${modelId}: ratios (browser = ${rawVariants[0]?.label ?? 'raw'} page)`,
			ratiosByModel[modelId]
		);
		tables.push(ratioTable);
		console.log(`\n${ratioTable}\n`);
		if (llamaByModel[modelId]) {
			const table = llamaRatiosTable(`${modelId}: llama.cpp ratios`, llamaByModel[modelId], ortWeb);
			const { llamaWasmQ4OverOrtWebQ4, fastestInBrowser: pick } = llamaSummary(modelId);
			const lines = [
				table,
				'',
				`llamaWasmQ4OverOrtWebQ4: ${Object.entries(llamaWasmQ4OverOrtWebQ4)
					.map(([t, v]) => `${t} ${v?.toFixed(2) ?? '–'}`)
					.join(', ')}`,
				pick
					? `Fastest in this browser: ${pick.engine} ${pick.dtype} ${pick.threads}t, ${pick.decodeTps.toFixed(1)} tok/s`
					: ''
			].join('\n');
			tables.push(lines);
			console.log(`\n${lines}\n`);
		}
	}
	await writeRecord(true);
} finally {
	await browser.close();
	await server.close();
	await llamaApp?.close();
	await llama?.dispose();
}
console.log(`Wrote ${file}`);
process.exit(0);
