// The device probe's arithmetic, pure so it is tested in Node: which configurations to time, how a
// few-layer twin's decode step extrapolates to the full model, and which configuration wins.
//
// How the estimate is made: a twin of the model's exact width (hidden size, heads, vocabulary) is
// generated at depths 1 and 4, a few greedy decode steps are timed on each, and the step time is fitted
// as t(step) = a + b * layers, where a holds what every step pays once (embedding, LM head over the whole
// vocabulary, runtime overhead) and b one decoder layer. The full model's step is then a + b * L. Layers of
// one model are identical, so the line is exact up to noise; benchmarks/probe.ts checks it against the
// full twin measured in the same run.
//
// Both local runtimes are timed the same way: ONNX Runtime web on ONNX twins (fp32, q8, q4) and llama.cpp
// on GGUF twins of the same seeded weights (Q4_0, Q8_0, F32, which the rows name by the same dtypes),
// so which runtime, format and thread count is fastest here is measured, not assumed.
import { formatRate as formatTokensPerS } from '../bench/format';
import type { ProbeMeasurementReport, ProbeReport } from '../bench/schema';
import { BUILTIN_MODELS } from '../models/builtin';
import { builtinIdOf, type ModelSource } from '../models/sources';
import { catalogEntry } from '../models/catalog';
import { GGUF_QUANT_OF_DTYPE, type GgufDtype } from '../models/gguf-files';
import { SHAPES, type ModelShape } from '../models/synthetic/shapes';

export type ProbeResult = ProbeReport;
export type ProbeMeasurement = ProbeMeasurementReport;
export type ProbeDtype = ProbeMeasurement['dtype'];
/** The same two devices as backend.ts's Device, named by the probe report's schema (backend.ts imports this module). */
type Device = ProbeMeasurement['device'];
export type ProbeSkip = ProbeResult['skipped'][number];
export type ProbeRuntime = ProbeMeasurement['runtime'];
export const PROBE_RUNTIMES: readonly ProbeRuntime[] = ['onnxruntime-web', 'llama.cpp'];

export interface ProbeConfig {
	runtime: ProbeRuntime;
	device: Device;
	dtype: ProbeDtype;
	threads: number;
}

/**
 * Twin depths timed; two points fix the line t = a + b * layers. Three layers apart, not one: the slope is
 * extrapolated over the model's whole depth (x29 for a 30-layer model from 1 to 2 layers), and timing
 * noise with it; from 1 to 4 layers it is amplified a third as much, for about 20% more to generate.
 */
export const PROBE_DEPTHS = [1, 4] as const;
/** Fewest greedy decode steps timed per depth (gaps between token arrivals; the prefill is in none). */
export const PROBE_DECODE_STEPS = 8;
/** Most steps: a tiny model's sub-millisecond steps need many to rise above timer and JIT noise. */
const PROBE_MAX_DECODE_STEPS = 128;
/** A timed pass aims at about this much decoding. */
const PROBE_TARGET_PASS_MS = 150;

/**
 * Timed passes per depth: the fastest pass's median counts, since a busy machine only ever adds time.
 * A pass that takes long already averages over enough steps, and repeating it would cost seconds.
 */
export function decodePassesFor(warmUpStepMs: number, steps: number): number {
	return warmUpStepMs * steps >= 3 * PROBE_TARGET_PASS_MS ? 1 : 3;
}

/** Steps for the timed pass, from the warm-up pass's step time: enough for ~PROBE_TARGET_PASS_MS. */
export function decodeStepsFor(warmUpStepMs: number): number {
	if (!Number.isFinite(warmUpStepMs) || warmUpStepMs <= 0) return PROBE_MAX_DECODE_STEPS;
	return Math.min(PROBE_MAX_DECODE_STEPS, Math.max(PROBE_DECODE_STEPS, Math.ceil(PROBE_TARGET_PASS_MS / warmUpStepMs)));
}
/** Most likely fastest first, so the bound in canStillWin prunes the slow ones (see planProbe). */
export const PROBE_DTYPES: readonly ProbeDtype[] = ['q8', 'fp32', 'q4'];
/** llama.cpp's formats in the same order of likely speed: its Q4_0 and Q8_0 have wasm SIMD kernels, F32 last. */
export const LLAMA_PROBE_DTYPES: readonly ProbeDtype[] = ['q4', 'q8', 'fp32'];

/** The precisions the probe times on a runtime. */
export function probeDtypesFor(runtime: ProbeRuntime): readonly ProbeDtype[] {
	return runtime === 'llama.cpp' ? LLAMA_PROBE_DTYPES : PROBE_DTYPES;
}
export const PROBE_SEED = 1;

/** The shape a model is probed at: the built-in model, a twin, a catalog entry's twin; else the built-in one. */
export function probeShapeFor(source: ModelSource): { shape: ModelShape; exact: boolean } {
	if (source.kind === 'default') return { shape: BUILTIN_MODELS[builtinIdOf(source)].shape, exact: true };
	if (source.kind === 'twin') return { shape: SHAPES[source.shape], exact: true };
	const twin = source.kind === 'hub' ? catalogEntry(source.id)?.twin : undefined;
	return twin ? { shape: SHAPES[twin], exact: true } : { shape: SHAPES.tiny, exact: false };
}

/** The same width with `layers` decoder layers; its id keeps probe twins apart from full ones. */
export function probeTwin(shape: ModelShape, layers: number): { id: string; shape: ModelShape } {
	const name = `probe-${shape.name}-l${layers}`;
	return { id: `twin/${name}-s${PROBE_SEED}`, shape: { ...shape, name, numLayers: layers } };
}

/**
 * Least-squares line through (layers, stepMs). A negative slope can only be noise (a layer costs
 * something): then the layers are taken as free and the fixed cost is the mean step.
 */
export function fitPerLayer(timings: readonly { layers: number; stepMs: number }[]): {
	fixedMs: number;
	perLayerMs: number;
} {
	const n = timings.length;
	const meanX = timings.reduce((s, t) => s + t.layers, 0) / n;
	const meanY = timings.reduce((s, t) => s + t.stepMs, 0) / n;
	const sxx = timings.reduce((s, t) => s + (t.layers - meanX) ** 2, 0);
	const sxy = timings.reduce((s, t) => s + (t.layers - meanX) * (t.stepMs - meanY), 0);
	const slope = sxx > 0 ? sxy / sxx : 0;
	if (slope <= 0) return { fixedMs: meanY, perLayerMs: 0 };
	return { fixedMs: Math.max(0, meanY - slope * meanX), perLayerMs: slope };
}

/** How far below 1/threads of the one-thread cost a layer may come before the fit is taken as noise. */
const SUPERLINEAR_MARGIN = 0.75;

/**
 * Whether a fitted cost per layer on `threads` threads is below what threads can buy: n threads cannot make a
 * layer more than n times cheaper than one thread does (a margin allows for caches), so a slope under that is
 * the machine's noise, and extrapolating it to the full depth would overstate the speed many times over.
 */
export function implausiblePerLayer(perLayerMs: number, oneThreadPerLayerMs: number, threads: number): boolean {
	return threads > 1 && oneThreadPerLayerMs > 0 && perLayerMs < (oneThreadPerLayerMs / threads) * SUPERLINEAR_MARGIN;
}

export function estimate(
	config: ProbeConfig,
	timings: { layers: number; stepMs: number }[],
	fullLayers: number
): ProbeMeasurement {
	const { fixedMs, perLayerMs } = fitPerLayer(timings);
	const estimatedStepMs = fixedMs + perLayerMs * fullLayers;
	return { ...config, timings, fixedMs, perLayerMs, estimatedStepMs, estimatedTokensPerS: 1000 / estimatedStepMs };
}

/**
 * Median gap between consecutive token arrivals: each gap is one decode step (the prefill ends at the
 * first arrival, so it is in none of them), and the median ignores a step a GC pause or the page slowed.
 */
export function medianStepMs(arrivalsMs: readonly number[]): number {
	const gaps = arrivalsMs
		.slice(1)
		// i indexes the slice, which starts one later: arrivalsMs[i] is the arrival before t.
		.map((t, i) => t - arrivalsMs[i]!)
		.sort((a, b) => a - b);
	if (gaps.length === 0) return Number.NaN;
	const mid = gaps.length >> 1;
	// gaps is not empty, so mid (and mid - 1 when the length is even) is in range.
	return gaps.length % 2 ? gaps[mid]! : (gaps[mid - 1]! + gaps[mid]!) / 2;
}

export interface ProbeGroup {
	runtime: ProbeRuntime;
	device: Device;
	threads: number;
}

export interface ProbePlan {
	/** One worker per entry: ORT (and llama.cpp) fix their build and thread count when they start. */
	groups: ProbeGroup[];
	skipped: ProbeSkip[];
}

/**
 * What to time here, on each runtime: WebAssembly at 1 thread and at the most threads the page allows, and
 * WebGPU only on a real adapter (a software one is the CPU in disguise). llama.cpp's WebGPU backend runs
 * its CPU threads beside the GPU, so it gets the most threads there.
 */
export function planProbe(
	env: { hardwareConcurrency: number; crossOriginIsolated: boolean; maxThreads: number },
	adapter: { vendor: string; architecture: string; software: boolean } | null,
	runtimes: readonly ProbeRuntime[] = PROBE_RUNTIMES
): ProbePlan {
	const skipped: ProbeSkip[] = [];
	const most = env.crossOriginIsolated ? Math.max(1, Math.min(env.hardwareConcurrency, env.maxThreads)) : 1;
	const threads = [...new Set([1, most])];
	const groups: ProbeGroup[] = runtimes.flatMap((runtime) =>
		threads.map((t) => ({ runtime, device: 'wasm' as const, threads: t }))
	);
	if (!env.crossOriginIsolated)
		skipped.push({ device: 'wasm', reason: 'more than 1 thread: the page is not cross-origin isolated' });
	if (!adapter) skipped.push({ device: 'webgpu', reason: 'no WebGPU adapter' });
	else if (adapter.software)
		skipped.push({ device: 'webgpu', reason: `software adapter (${adapter.vendor} ${adapter.architecture})` });
	else
		for (const runtime of runtimes)
			groups.push({ runtime, device: 'webgpu', threads: runtime === 'llama.cpp' ? most : 1 });
	return { groups, skipped };
}

/**
 * Whether a configuration measured on 1 thread could still beat `bestStepMs` with `threads` threads:
 * threads speed a step up at most `threads` times, so one more than that much slower cannot win.
 */
export function canStillWin(oneThreadStepMs: number, threads: number, bestStepMs: number): boolean {
	return oneThreadStepMs <= threads * bestStepMs;
}

function fastest(measurements: readonly ProbeMeasurement[]): ProbeMeasurement | null {
	return measurements.reduce<ProbeMeasurement | null>(
		(best, m) => (!best || m.estimatedStepMs < best.estimatedStepMs ? m : best),
		null
	);
}

/** The fastest configuration overall, among the dtypes the model has (all, for twins). */
export function chooseFastest(
	measurements: readonly ProbeMeasurement[],
	dtypes?: readonly string[]
): ProbeMeasurement | null {
	return fastest(
		measurements.filter((m) => Number.isFinite(m.estimatedStepMs) && (!dtypes || dtypes.includes(m.dtype)))
	);
}

/** The fastest measured way to run `dtype` on `runtime` here, with WebGPU only where it is allowed now. */
export function fastestFor(
	result: ProbeResult,
	dtype: string,
	allow: { webgpu: boolean },
	runtime: ProbeRuntime = 'onnxruntime-web'
): ProbeMeasurement | null {
	return chooseFastest(
		result.measurements.filter(
			(m) => m.runtime === runtime && m.dtype === dtype && (m.device === 'wasm' || allow.webgpu)
		)
	);
}

/** The fastest configuration measured on one runtime, among the dtypes the model has there. */
export function fastestOn(
	result: Pick<ProbeResult, 'measurements'>,
	runtime: ProbeRuntime,
	dtypes?: readonly string[]
): ProbeMeasurement | null {
	return chooseFastest(
		result.measurements.filter((m) => m.runtime === runtime),
		dtypes
	);
}

/** The llama.cpp file format a probe dtype runs as: Q4_0, Q8_0, F32. */
export function ggufQuantOf(dtype: string): string {
	return GGUF_QUANT_OF_DTYPE[dtype as GgufDtype] ?? dtype;
}

/** "WebAssembly q8, 2 threads", "WebGPU q4"; on llama.cpp "llama.cpp Q4_0, 2 threads", "llama.cpp Q4_0 on WebGPU". */
export function describeConfig(config: {
	runtime?: ProbeRuntime;
	device: Device;
	dtype: string;
	threads: number;
}): string {
	const threads = `${config.threads} thread${config.threads === 1 ? '' : 's'}`;
	if (config.runtime === 'llama.cpp') {
		const format = `llama.cpp ${ggufQuantOf(config.dtype)}`;
		return config.device === 'webgpu' ? `${format} on WebGPU` : `${format}, ${threads}`;
	}
	if (config.device === 'webgpu') return `WebGPU ${config.dtype}`;
	return `WebAssembly ${config.dtype}, ${threads}`;
}

export { formatTokensPerS };

function describeSkip(skip: ProbeSkip): string {
	const what = skip.dtype
		? describeConfig({ runtime: skip.runtime, device: skip.device, dtype: skip.dtype, threads: skip.threads ?? 1 })
		: `${skip.runtime === 'llama.cpp' ? 'llama.cpp on ' : ''}${skip.device === 'webgpu' ? 'WebGPU' : 'WebAssembly'}`;
	return `${what}: skipped, ${skip.reason}`;
}

const RUNTIME_NAMES: Record<ProbeRuntime, string> = { 'onnxruntime-web': 'ONNX Runtime', 'llama.cpp': 'llama.cpp' };

/**
 * The winner, the best of each other runtime, and what was left out entirely: "llama.cpp Q4_0, 2 threads:
 * 40 tok/s (est.), fastest of 9 measured; fastest on ONNX Runtime: WebAssembly q8, 2 threads: 38 tok/s;
 * WebGPU: skipped, ...".
 */
export function probeSummary(
	result: Pick<ProbeResult, 'measurements' | 'skipped' | 'choice'> & { runtimes?: readonly ProbeRuntime[] }
): string {
	const choice = result.choice;
	const head = choice
		? `${describeConfig(choice)}: ${formatTokensPerS(choice.estimatedTokensPerS)} (est.), fastest of ${result.measurements.length} measured`
		: 'Nothing could be measured';
	const others = (result.runtimes ?? [...new Set(result.measurements.map((m) => m.runtime))])
		.filter((r) => r !== choice?.runtime)
		.map((r) => {
			const best = fastestOn(result, r);
			return best
				? // "fastest on llama.cpp: Q4_0, 2 threads", not "llama.cpp: llama.cpp Q4_0".
					`fastest on ${RUNTIME_NAMES[r]}: ${describeConfig(best).replace(/^llama\.cpp /, '')}: ${formatTokensPerS(best.estimatedTokensPerS)}`
				: `${RUNTIME_NAMES[r]}: nothing measured`;
		});
	return [head, ...(choice ? others : []), ...result.skipped.filter((s) => !s.dtype).map(describeSkip)].join('; ');
}

/** Every configuration, fastest first, then what was skipped: "WebAssembly q8, 2 threads: 38 tok/s (est.); ...". */
export function probeReason(result: Pick<ProbeResult, 'measurements' | 'skipped' | 'choice'>): string {
	const ordered = [...result.measurements].sort((a, b) => a.estimatedStepMs - b.estimatedStepMs);
	const parts = ordered.map(
		(m, i) => `${describeConfig(m)}: ${formatTokensPerS(m.estimatedTokensPerS)}${i === 0 ? ' (est.)' : ''}`
	);
	return [...parts, ...result.skipped.map(describeSkip)].join('; ');
}
