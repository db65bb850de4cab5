// `npm run bench -- --engine local:dtype=q8 --engine cloud: --sweep threads=1,2 --reps N` (or the old
// single-engine flags: --model M --dtype D --backend B --threads T --endpoint URL)
// Runs the comparison headless over the Compare page's slots: starts (or reuses) the app's static server and,
// when a cloud slot names no url, the reference cloud server on the first local slot's model; drives the built
// app in Chromium so every local slot is the real browser path; prints a table; writes bench-results/<time>.json (the export format) and
// <time>.html (self-contained charts). Exit codes: 0 done, 1 failed, 2 bad arguments or missing pieces.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { chromium, type BrowserContext } from '@playwright/test';
import { exportJson } from '../lib/bench/export';
import { getSuite, SUITES } from '../lib/bench/suite';
import { QUALITY_SUITES, UnknownQualitySuiteError } from '../lib/quality/builtin-suites';
import { JsonlImportError, parseJsonl, type CustomSet } from '../lib/quality/jsonl';
import { PROMPT_MODES, type PromptMode } from '../lib/quality/schema';
import { TWIN_SHAPES } from '../lib/models/synthetic/shapes';
import { buildIdOf, parseRuntimeInfo, RUNTIME_INFO_PATH } from '../lib/runtime-info';
import { defaultRuntimeId, localRuntimes, settingFields } from '../lib/runtimes';
import { importQualitySet, loadLocalSlots, openResults, runBenchmarkInUi, seedSettings } from './bench-driver';
import { slotSetups, type Closer } from './bench-slots';
import { enginesWithoutSuccess, formatQuality, formatRunProblems, formatTable, htmlReport } from './bench-report';
import { ArgsError, parseFlags, wantsHelp } from './cli-args';
import {
	describeSpec,
	engineSpecs,
	foldSweepWords,
	MAX_SLOTS,
	modelSource,
	UsageError,
	type EngineSpec,
	type LocalSpec
} from './engine-specs';

export { modelSource };

/** "A runtime's own keys: llama.cpp build=auto|…", from the registry. */
function runtimeSettingsUsage(): string {
	const own = localRuntimes().flatMap((r) =>
		settingFields(r).map((f) => `${r.shortName} ${f.key}=${f.choices.map((c) => c.value).join('|')}`)
	);
	return own.length > 0 ? `  A runtime's own keys: ${own.join('; ')}.` : '';
}

const USAGE = `Usage: npm run bench -- [--engine SPEC]... [--sweep "KEY=V1,V2 ..."]... [--reps 5]
  [--suite ${SUITES.map((s) => s.id).join('|')}] [--app-url http://127.0.0.1:4173] [--chromium /usr/bin/chromium]
  [--out bench-results] [--profile bench-results/.chromium-profile]
  [--quality ${QUALITY_SUITES.map((s) => s.id).join(',')}] [--quality-file my-set.jsonl] [--quality-mode completion|chat]
  The two-slot default (this device, then the reference server on the same model or --endpoint):
  [--model edgewise-tiny|stories260k|<twin shape>|<hub id>] [--dtype q8] [--backend wasm|webgpu|auto] [--threads N]
  [--endpoint http://host:port/v1] [--cloud-model ID] [--price-in USD_PER_1M] [--price-out USD_PER_1M] [--no-cloud]

  --engine local:model=edgewise-tiny,backend=wasm,dtype=q8,threads=2,runtime=${localRuntimes()
		.map((r) => r.id)
		.join('|')}
  ${runtimeSettingsUsage()}
  --engine cloud:url=http://127.0.0.1:4174/v1,model=ID,name=LABEL,price-in=0.15,price-out=0.6
    Repeatable; one Compare slot each, in order (ids local, local-2, ..., cloud, cloud-2, ...); the first is the
    baseline. A local key left out comes from --model/--backend/--dtype/--threads; "cloud:" with no url is the
    reference server on the first local slot's model. With --engine, --endpoint/--cloud-model/--no-cloud are refused.
  --sweep dtype=fp32,q8,q4 threads=1,2
    Replaces the first local slot by one slot per combination (keys model, backend, dtype, threads, runtime and
    a runtime's own; the first key varies slowest). The words after --sweep may be separate arguments or one
    quoted one; repeat --sweep for more keys. At most ${MAX_SLOTS} slots in all.
  --quality SUITE[,SUITE]: after the speed runs, answer these quality suites' items once per slot (greedy, the
    order rotating each item); the JSON result's engines carry quality { suite, items, correct, accuracy, ci95,
    errors }. --quality-file PATH adds a JSONL set ({"prompt", "answer", "scorer"} per line). --quality-mode:
    completion (default; prompts continued as text, for models without a chat template) or chat.
  Twin shapes: ${TWIN_SHAPES.join(', ')}. An endpoint key comes from EDGEWISE_API_KEY only (sent to --endpoint and
  cloud:url= endpoints, never to the reference server).`;

export interface BenchArgs {
	/** The run's slots, in order (engine-specs.ts). */
	engines: EngineSpec[];
	/** What the reference server serves when no local slot says (--model, --dtype). */
	referenceModel: Pick<LocalSpec, 'model' | 'source' | 'dtype'>;
	reps: number;
	suite: string;
	appUrl: string | null;
	chromium: string;
	out: string;
	/** Chromium profile folder, kept between runs so models stay cached. */
	profile: string;
	/** Quality suites to run after the speed runs (built-in ids, then the file's set). */
	quality: string[];
	/** The JSONL set from --quality-file, read and checked before anything starts. */
	qualityFile: { path: string; set: CustomSet } | null;
	qualityMode: PromptMode;
}

export function parseBenchArgs(argv: string[]): BenchArgs {
	let values;
	try {
		values = parseFlags(foldSweepWords(argv), {
			engine: { type: 'string', multiple: true, default: [] },
			sweep: { type: 'string', multiple: true, default: [] },
			model: { type: 'string', default: 'edgewise-tiny' },
			dtype: { type: 'string', default: 'q8' },
			backend: { type: 'string', default: 'wasm' },
			threads: { type: 'string' },
			endpoint: { type: 'string' },
			'cloud-model': { type: 'string' },
			'no-cloud': { type: 'boolean', default: false },
			reps: { type: 'string', default: '5' },
			suite: { type: 'string', default: 'quick' },
			'app-url': { type: 'string' },
			chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
			out: { type: 'string', default: 'bench-results' },
			'price-in': { type: 'string', default: '0' },
			'price-out': { type: 'string', default: '0' },
			profile: { type: 'string', default: join('bench-results', '.chromium-profile') },
			quality: { type: 'string', multiple: true, default: [] },
			'quality-file': { type: 'string' },
			'quality-mode': { type: 'string', default: 'completion' }
		});
	} catch (err) {
		throw err instanceof ArgsError ? new UsageError(err.message) : err;
	}
	const reps = Number(values.reps);
	if (!Number.isInteger(reps) || reps < 1)
		throw new UsageError(`--reps must be a whole number of at least 1, not "${values.reps}".`);
	getSuite(values.suite);
	const quality = values.quality.flatMap((v) => v.split(',').map((id) => id.trim())).filter(Boolean);
	const known = QUALITY_SUITES.map((q) => q.id);
	for (const id of quality)
		if (!known.includes(id)) throw new UsageError(new UnknownQualitySuiteError(id, known).message);
	if (!(PROMPT_MODES as readonly string[]).includes(values['quality-mode']))
		throw new UsageError(`--quality-mode is completion or chat, not "${values['quality-mode']}".`);
	let qualityFile: BenchArgs['qualityFile'] = null;
	if (values['quality-file']) {
		const path = values['quality-file'];
		if (!existsSync(path)) throw new UsageError(`--quality-file ${path}: no such file.`);
		try {
			qualityFile = { path, set: parseJsonl(readFileSync(path, 'utf8'), basename(path)) };
		} catch (err) {
			throw err instanceof JsonlImportError ? new UsageError(`--quality-file ${path}: ${err.message}`) : err;
		}
		quality.push(qualityFile.set.id);
	}
	const [priceIn, priceOut] = [Number(values['price-in']), Number(values['price-out'])];
	if (!(priceIn >= 0 && priceOut >= 0))
		throw new UsageError('--price-in and --price-out are US dollars per 1M tokens, 0 or more.');
	const engines = engineSpecs(values.engine, values.sweep, {
		model: values.model,
		backend: values.backend,
		dtype: values.dtype,
		threads: values.threads ?? null,
		runtime: defaultRuntimeId(),
		endpoint: values.endpoint ?? null,
		cloudModel: values['cloud-model'] ?? null,
		noCloud: values['no-cloud'],
		priceIn,
		priceOut
	});
	return {
		engines,
		referenceModel: { model: values.model, source: modelSource(values.model), dtype: values.dtype },
		reps,
		suite: values.suite,
		appUrl: values['app-url'] ?? null,
		chromium: values.chromium,
		out: values.out,
		profile: values.profile,
		quality: [...new Set(quality)],
		qualityFile,
		qualityMode: values['quality-mode'] as PromptMode
	};
}

const VERSION = (
	JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** This checkout's build id (after prepare()), so an app from another checkout of the same version is not taken for it. */
const ownBuild = () =>
	existsSync('build/_app/version.json') ? buildIdOf(readFileSync('build/_app/version.json', 'utf8')) : null;

/** What answers at an app URL: nothing, something that is not this Edgewise (say what), or this version and build. */
export async function appAt(
	url: string,
	build: string | null
): Promise<{ kind: 'none' } | { kind: 'other'; what: string } | { kind: 'this' }> {
	let res: Response;
	try {
		res = await fetch(new URL(RUNTIME_INFO_PATH, url), { signal: AbortSignal.timeout(2000) });
	} catch {
		return { kind: 'none' };
	}
	const info = res.ok ? parseRuntimeInfo(await res.json().catch(() => null)) : null;
	if (!info) return { kind: 'other', what: `it serves no Edgewise runtime file (${RUNTIME_INFO_PATH}: ${res.status})` };
	if (info.version !== VERSION) return { kind: 'other', what: `it is Edgewise ${info.version}, this is ${VERSION}` };
	if (build && info.build !== build)
		return { kind: 'other', what: `it serves another build (${info.build ?? 'unknown'}, this checkout's is ${build})` };
	return { kind: 'this' };
}

/** The endpoint's base URL without a trailing slash, once it answers; a clear error when it does not. */
async function checkEndpoint(endpoint: string): Promise<string> {
	const base = endpoint.replace(/\/$/, '');
	const headers: Record<string, string> = process.env.EDGEWISE_API_KEY
		? { authorization: `Bearer ${process.env.EDGEWISE_API_KEY}` }
		: {};
	try {
		await fetch(`${base}/models`, { headers, signal: AbortSignal.timeout(5000) });
	} catch (err) {
		throw new UsageError(
			`The endpoint ${base} does not answer (${err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : err}). Start it, or leave the url out to use the reference server.`
		);
	}
	return base;
}

const SETTLE_MS = 6000;
/** The bench helper's port range is 4340-4349. */
const APP_PORT = 4341;

async function startApp(args: BenchArgs, closers: Closer[]): Promise<string> {
	const { prepare } = await import('./prepare');
	if (args.appUrl) {
		const found = await appAt(args.appUrl, null);
		if (found.kind === 'none')
			throw new UsageError(
				`Nothing answers at --app-url ${args.appUrl}. Start it with \`npm start\`, or leave --app-url out.`
			);
		if (found.kind === 'other')
			throw new UsageError(
				`--app-url ${args.appUrl} is not this version of Edgewise (${found.what}). Restart it with \`npm start\`, or leave --app-url out.`
			);
		return args.appUrl;
	}
	// An app already on the default port is reused only when it serves this very build of Edgewise.
	await prepare();
	const running = await appAt('http://127.0.0.1:4173/', ownBuild());
	if (running.kind === 'this') return 'http://127.0.0.1:4173/';
	if (running.kind === 'other')
		console.log(`[bench] not reusing the app at http://127.0.0.1:4173/: ${running.what}; starting this checkout's`);
	const { startStaticServer } = await import('../server/static-server');
	// A fixed origin, so the kept Chromium profile finds its cached models again next run.
	const server = await startStaticServer({ root: 'build', host: '127.0.0.1', port: APP_PORT }).catch(() =>
		startStaticServer({ root: 'build', host: '127.0.0.1', port: 0 })
	);
	closers.push(() => server.close());
	return server.url.endsWith('/') ? server.url : `${server.url}/`;
}

async function main(): Promise<number> {
	if (wantsHelp(process.argv.slice(2))) {
		console.log(USAGE);
		return 0;
	}
	let args: BenchArgs;
	try {
		args = parseBenchArgs(process.argv.slice(2));
	} catch (err) {
		console.error(`${err instanceof Error ? err.message : err}`);
		return 2;
	}
	if (!existsSync(args.chromium)) {
		console.error(
			`No Chromium at ${args.chromium}. Install it (Debian: \`apt-get install -y chromium\`) or pass --chromium PATH.`
		);
		return 2;
	}
	const closers: Closer[] = [];
	let context: BrowserContext | null = null;
	try {
		// Fail fast on a dead endpoint, before minutes of building and loading.
		for (const spec of args.engines) if (spec.kind === 'cloud' && spec.url) await checkEndpoint(spec.url);
		const appUrl = await startApp(args, closers);
		const slots = await slotSetups(args, closers);
		// A persistent profile: an ephemeral context's storage quota is too small for a real-size model
		// (Cache Storage refuses a 538 MB file), and a kept profile caches models between runs (warm loads).
		context = await chromium.launchPersistentContext(args.profile, {
			executablePath: args.chromium,
			args: args.engines.some((e) => e.kind === 'local' && e.backend === 'webgpu') ? ['--enable-unsafe-webgpu'] : []
		});
		const page = context.pages()[0] ?? (await context.newPage());
		await seedSettings(page, appUrl, slots, {
			suiteId: args.suite,
			repetitions: args.reps,
			quality: args.quality,
			qualityMode: args.qualityMode
		});
		console.log(`[bench] app ${appUrl}; slots in Chromium:`);
		for (const spec of args.engines) console.log(`[bench]   ${describeSpec(spec)}`);
		await loadLocalSlots(page, slots, 30 * 60_000);
		// Chromium keeps compiling the ORT wasm in the background for a few seconds after load, on most of
		// both cores (runs timed then were 2-5x slower here): let it finish before anything is timed.
		await page.waitForTimeout(SETTLE_MS);
		await openResults(page);
		// The set goes in through the panel's own import, and so is kept on the device like one a person imported.
		if (args.qualityFile) await importQualitySet(page, args.qualityFile.path, args.qualityFile.set.id);
		console.log(
			`[bench] running suite ${args.suite}, ${args.reps} repetitions over ${slots.length} slots${args.quality.length ? `, then quality ${args.quality.join(', ')} (${args.qualityMode} prompts)` : ''}`
		);
		const record = await runBenchmarkInUi(
			page,
			6 * 60 * 60_000,
			slots.map((s) => s.id)
		);
		console.log(`\n${formatTable(record)}\n`);
		const quality = formatQuality(record);
		if (quality) console.log(`${quality}\n`);
		const problems = formatRunProblems(record);
		if (problems.length) console.log(`${problems.join('\n')}\n`);
		const failedEngines = enginesWithoutSuccess(record);
		mkdirSync(args.out, { recursive: true });
		const stamp = new Date().toISOString().replace(/[:.]/g, '-');
		const jsonPath = join(args.out, `${stamp}.json`);
		const htmlPath = join(args.out, `${stamp}.html`);
		writeFileSync(jsonPath, exportJson([record], VERSION));
		// The UMD build is not in chart.js's exports map: find it beside the resolved main file.
		const chartJs = readFileSync(
			join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js'),
			'utf8'
		);
		writeFileSync(htmlPath, htmlReport(record, chartJs));
		console.log(`[bench] wrote ${jsonPath} and ${htmlPath}`);
		if (failedEngines.length) {
			console.error(`[bench] every run failed for: ${failedEngines.join(', ')} (errors above)`);
			return 1;
		}
		return record.status === 'complete' ? 0 : 1;
	} catch (err) {
		console.error(err instanceof Error ? `${err.name}: ${err.message}` : err);
		return err instanceof UsageError ? 2 : 1;
	} finally {
		await context?.close();
		for (const close of closers.reverse()) await close().catch(() => {});
	}
}

if (process.argv[1] && resolve(process.argv[1]).endsWith(join('src', 'cli', 'bench.ts'))) process.exit(await main());
