// Turns the raw samples of one engine-benchmark run into medians, spreads, ratios and a text table.
import { summarize, type Summary } from '../../src/lib/bench/stats';

export interface ConfigSamples {
	/** e.g. "native", "raw", "raw-plain", "app". */
	engine: string;
	threads: number;
	build: string;
	/**
	 * `alone`: measured after the reps with no other model loaded (the warm figure when there are any);
	 * `prepared`: the app with LocalEngine.prepare() run before the timed load (`prepareMs` it took).
	 */
	loads: {
		loadMs: number;
		kind: 'cold' | 'warm';
		stages?: Record<string, number>;
		alone?: boolean;
		prepared?: boolean;
		prepareMs?: number;
		reservedBytes?: number;
		noReserve?: boolean;
	}[];
	ttftMs: number[];
	decodeTps: number[];
	ttftLongMs: number[];
	longPromptTokens: number | null;
	sessionRunMsPerStep: number[];
	/** Wall ms per decode token (1000 / decode tok/s) minus the mean session.run per step. */
	overheadMsPerStep: number[];
	settleWaitMs: number[];
	machineBusy: number[];
	tokenIds: number[] | null;
}

export interface ConfigSummary {
	engine: string;
	threads: number;
	build: string;
	loadMs: { cold: number | null; warm: number | null };
	/** Warm loads measured alone (median is `loadMs.warm`). */
	warmLoadMs: Summary | null;
	/** The app's warm loads after prepare() (worker and runtime already started, heap reserved). */
	warmLoadPreparedMs: Summary | null;
	/** The same with prepare() told not to reserve heap (`--prepared-variants reserve,no-reserve`). */
	warmLoadPreparedNoReserveMs: Summary | null;
	/** Every load, with the app page's timeline (see benchmarks/app-page/main.ts). */
	loads: ConfigSamples['loads'];
	ttftMs: Summary | null;
	decodeTps: Summary | null;
	ttftLongMs: Summary | null;
	longPromptTokens: number | null;
	sessionRunMsPerStep: Summary | null;
	overheadMsPerStep: Summary | null;
	settleWaitMs: Summary | null;
	machineBusy: Summary | null;
	/** Index of the first greedy id that differs from native's; null when identical (or no native run). */
	firstMismatchVsNative: number | null;
	/** Greedy ids of the first timed decode run. */
	tokenIds: number[] | null;
}

export interface DtypeRatios {
	appOverRaw: number | null;
	wasmOverNative1t: number | null;
	wasmOverNative2t: number | null;
	wasm2tOver1t: number | null;
	loadBrowserOverNative: number | null;
	ttft512OverNative: number | null;
	/** Not one of the issue's ratios: Edgewise's own warm load ÷ native, from a fresh worker. */
	appLoadOverNative: number | null;
	/** The same after prepare(), i.e. what a person who typed a prompt first waits for on Run. */
	appPreparedLoadOverNative: number | null;
}

export function summarizeConfig(s: ConfigSamples, nativeIds: number[] | null): ConfigSummary {
	const alone = s.loads.filter((l) => l.alone && !l.prepared && l.kind === 'warm');
	const prepared = s.loads.filter((l) => l.alone && l.prepared && !l.noReserve && l.kind === 'warm');
	const noReserve = s.loads.filter((l) => l.alone && l.prepared && l.noReserve && l.kind === 'warm');
	const load = (kind: 'cold' | 'warm') =>
		kind === 'warm' && alone.length
			? summarize(alone.map((l) => l.loadMs))!.median
			: (s.loads.find((l) => l.kind === kind && !l.alone)?.loadMs ?? null);
	return {
		engine: s.engine,
		threads: s.threads,
		build: s.build,
		loadMs: { cold: load('cold'), warm: load('warm') },
		warmLoadMs: summarize(alone.map((l) => l.loadMs)),
		warmLoadPreparedMs: summarize(prepared.map((l) => l.loadMs)),
		warmLoadPreparedNoReserveMs: summarize(noReserve.map((l) => l.loadMs)),
		loads: s.loads,
		ttftMs: summarize(s.ttftMs),
		decodeTps: summarize(s.decodeTps),
		ttftLongMs: summarize(s.ttftLongMs),
		longPromptTokens: s.longPromptTokens,
		sessionRunMsPerStep: summarize(s.sessionRunMsPerStep),
		overheadMsPerStep: summarize(s.overheadMsPerStep),
		settleWaitMs: summarize(s.settleWaitMs),
		machineBusy: summarize(s.machineBusy),
		firstMismatchVsNative: firstMismatch(nativeIds, s.tokenIds),
		tokenIds: s.tokenIds
	};
}

function firstMismatch(a: number[] | null, b: number[] | null): number | null {
	if (!a || !b) return null;
	for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return i;
	return null;
}

const div = (a: number | null | undefined, b: number | null | undefined) => (a != null && b ? a / b : null);

/** The engine-speed ratios for one dtype. Browser-vs-native ratios use `browser` (the raw page by default). */
export function ratiosFor(configs: ConfigSummary[], browser = 'raw', app = 'app'): DtypeRatios {
	const find = (engine: string, threads: number) => configs.find((c) => c.engine === engine && c.threads === threads);
	const tps = (engine: string, threads: number) => find(engine, threads)?.decodeTps?.median;
	// Warm load: the browser reads from Cache Storage; native reads from the (warm) OS file cache.
	const warmLoad = (engine: string, threads: number) => {
		const c = find(engine, threads)?.loadMs;
		return c?.warm ?? null;
	};
	const nativeLoad = (threads: number) => {
		const c = find('native', threads)?.loadMs;
		return c?.warm ?? c?.cold ?? null;
	};
	return {
		appOverRaw: div(tps(app, 2), tps(browser, 2)),
		wasmOverNative1t: div(tps(browser, 1), tps('native', 1)),
		wasmOverNative2t: div(tps(browser, 2), tps('native', 2)),
		wasm2tOver1t: div(tps(browser, 2), tps(browser, 1)),
		loadBrowserOverNative: div(warmLoad(browser, 2), nativeLoad(2)),
		ttft512OverNative: div(find(browser, 2)?.ttftLongMs?.median, find('native', 2)?.ttftLongMs?.median),
		appLoadOverNative: div(warmLoad(app, 2), nativeLoad(2)),
		appPreparedLoadOverNative: div(find(app, 2)?.warmLoadPreparedMs?.median, nativeLoad(2))
	};
}

const f = (v: number | null | undefined, digits = 1) => (v == null ? '–' : v.toFixed(digits));
const spread = (s: Summary | null, digits = 1) =>
	s ? `${f(s.median, digits)} [${f(s.min, digits)}–${f(s.max, digits)}]` : '–';

export function configTable(title: string, configs: ConfigSummary[]): string {
	const head =
		'| engine | thr | build | load cold / warm (alone) ms | TTFT ms | decode tok/s | TTFT 512 ms | run ms/step | around ms/step | greedy ids vs native |';
	const rows = configs.map(
		(c) =>
			`| ${c.engine} | ${c.threads} | ${c.build} | ${f(c.loadMs.cold, 0)} / ${c.warmLoadMs ? spread(c.warmLoadMs, 0) : f(c.loadMs.warm, 0)}${c.warmLoadPreparedMs ? `; prepared ${spread(c.warmLoadPreparedMs, 0)}` : ''}${c.warmLoadPreparedNoReserveMs ? `; prepared, no heap reserved ${spread(c.warmLoadPreparedNoReserveMs, 0)}` : ''} | ${spread(c.ttftMs, 0)} | ${spread(c.decodeTps)} | ${spread(c.ttftLongMs, 0)} | ${f(c.sessionRunMsPerStep?.median, 2)} | ${f(c.overheadMsPerStep?.median, 2)} | ${c.firstMismatchVsNative === null ? 'same' : `differ from #${c.firstMismatchVsNative}`} |`
	);
	return [`### ${title}`, '', head, '|---|---|---|---|---|---|---|---|---|---|', ...rows].join('\n');
}

export function ratiosTable(title: string, byDtype: Record<string, DtypeRatios>): string {
	const keys = [
		'appOverRaw',
		'wasmOverNative1t',
		'wasmOverNative2t',
		'wasm2tOver1t',
		'loadBrowserOverNative',
		'ttft512OverNative',
		'appLoadOverNative',
		'appPreparedLoadOverNative'
	] as const;
	const targets = ['>= 0.97', '>= 0.85', '>= 0.80', '>= 1.35', '<= 2', '<= 1.3', '(<= 2)', '(<= 2)'];
	const dtypes = Object.keys(byDtype);
	return [
		`### ${title}`,
		'',
		`| ratio | target | ${dtypes.join(' | ')} |`,
		`|---|---|${dtypes.map(() => '---').join('|')}|`,
		...keys.map((k, i) => `| ${k} | ${targets[i]} | ${dtypes.map((d) => f(byDtype[d]?.[k], 2)).join(' | ')} |`)
	].join('\n');
}

/** llama.cpp's figures for one dtype: wasm over native (same quant), and wasm over ONNX Runtime web, per thread count. */
export interface LlamaRatios {
	quant: string;
	threads: number;
	llamaWasmOverNative: number | null;
	/** llama.cpp wasm over ONNX Runtime web (`ortWeb`: the app's LocalEngine, else the raw page), same dtype. */
	llamaWasmOverOrtWeb: number | null;
}

export function llamaRatiosFor(configs: ConfigSummary[], quant: string, ortWeb: string): LlamaRatios[] {
	const tps = (engine: string, threads: number) =>
		configs.find((c) => c.engine === engine && c.threads === threads)?.decodeTps?.median;
	const threads = [...new Set(configs.filter((c) => c.engine === 'llama-wasm').map((c) => c.threads))];
	return threads.map((t) => ({
		quant,
		threads: t,
		llamaWasmOverNative: div(tps('llama-wasm', t), tps('llama-native', t)),
		llamaWasmOverOrtWeb: div(tps('llama-wasm', t), tps(ortWeb, t))
	}));
}

export function llamaRatiosTable(title: string, rows: LlamaRatios[], ortWeb: string): string {
	return [
		`### ${title}`,
		'',
		`| quant | threads | llamaWasmOverNative | llama wasm ÷ ONNX Runtime web (${ortWeb}), same dtype |`,
		'|---|---|---|---|',
		...rows.map(
			(r) => `| ${r.quant} | ${r.threads} | ${f(r.llamaWasmOverNative, 2)} | ${f(r.llamaWasmOverOrtWeb, 2)} |`
		)
	].join('\n');
}

/** The browser configuration with the highest median decode speed, and its figure. */
export function fastestInBrowser(
	byDtype: Record<string, ConfigSummary[]>,
	browserEngines: readonly string[]
): { engine: string; dtype: string; threads: number; decodeTps: number } | null {
	let best: { engine: string; dtype: string; threads: number; decodeTps: number } | null = null;
	for (const [dtype, configs] of Object.entries(byDtype))
		for (const c of configs) {
			const tps = c.decodeTps?.median;
			if (!browserEngines.includes(c.engine) || tps == null) continue;
			if (!best || tps > best.decodeTps) best = { engine: c.engine, dtype, threads: c.threads, decodeTps: tps };
		}
	return best;
}

/** Keys "Q4_0-1t": the Edgewise build's decode speed (its best flavour) over another engine's, same run. */
export type EdgewiseRatios = Record<string, number | null>;

/** The Edgewise flavours in bench:engine and the rows they are compared with. */
export const EDGEWISE_ENGINES = ['llama-edgewise-relaxed', 'llama-edgewise-simd128'];

export function edgewiseRatiosFor(
	configs: ConfigSummary[],
	quant: string
): { overWllama: EdgewiseRatios; overNative: EdgewiseRatios; ttftLongWllamaOverEdgewise: EdgewiseRatios } {
	const of = (engine: string, threads: number) => configs.find((c) => c.engine === engine && c.threads === threads);
	const threads = [...new Set(configs.filter((c) => EDGEWISE_ENGINES.includes(c.engine)).map((c) => c.threads))].sort();
	const best = (t: number) => {
		const rows = EDGEWISE_ENGINES.map((e) => of(e, t)).filter((c) => c?.decodeTps);
		return rows.sort((a, b) => b!.decodeTps!.median - a!.decodeTps!.median)[0] ?? null;
	};
	const entries = threads.map((t) => {
		const own = best(t);
		return {
			key: `${quant}-${t}t`,
			overWllama: div(own?.decodeTps?.median, of('llama-wasm', t)?.decodeTps?.median),
			overNative: div(own?.decodeTps?.median, of('llama-native', t)?.decodeTps?.median),
			ttft: div(
				of('llama-wasm', t)?.ttftLongMs?.median,
				EDGEWISE_ENGINES.map((e) => of(e, t)?.ttftLongMs?.median)
					.filter((v): v is number => v != null)
					.sort((a, b) => a - b)[0]
			)
		};
	});
	return {
		overWllama: Object.fromEntries(entries.map((e) => [e.key, e.overWllama])),
		overNative: Object.fromEntries(entries.map((e) => [e.key, e.overNative])),
		ttftLongWllamaOverEdgewise: Object.fromEntries(entries.map((e) => [e.key, e.ttft]))
	};
}
