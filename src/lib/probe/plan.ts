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
// Every registered runtime is timed the same way, on twins of the same seeded weights in its own format
// (ONNX Runtime web on ONNX twins, llama.cpp on GGUF twins; rows name precisions by the same dtypes), so
// which runtime, format and thread count is fastest here is measured, not assumed.
import { formatRate as formatTokensPerS } from '../bench/format';
import type { ProbeMeasurementReport, ProbeReport } from '../bench/schema';
import { BUILTIN_MODELS } from '../models/builtin';
import { builtinIdOf, type ModelSource } from '../models/sources';
import { catalogEntry } from '../models/catalog';
import { SHAPES, type ModelShape } from '../models/synthetic/shapes';

export type ProbeResult = ProbeReport;
export type ProbeMeasurement = ProbeMeasurementReport;
export type ProbeDtype = ProbeMeasurement['dtype'];
/** The same two devices as backend.ts's Device, named by the probe report's schema (backend.ts imports this module). */
type Device = ProbeMeasurement['device'];
export type ProbeSkip = ProbeResult['skipped'][number];
/** A runtime's id in the registry (src/lib/runtimes). */
export type ProbeRuntime = ProbeMeasurement['runtime'];

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

/** A runtime as the plan needs it: its id, and its threads on WebGPU (runtimes/registry.ts, `probe`). */
export interface PlannedRuntime {
	id: ProbeRuntime;
	webgpuThreads: 'one' | 'most';
}

/**
 * What to time here, on each runtime: WebAssembly at 1 thread and at the most threads the page allows, and
 * WebGPU only on a real adapter (a software one is the CPU in disguise). A runtime whose WebGPU backend runs
 * CPU threads beside the GPU (llama.cpp's) gets the most threads there.
 */
export function planProbe(
	env: { hardwareConcurrency: number; crossOriginIsolated: boolean; maxThreads: number },
	adapter: { vendor: string; architecture: string; software: boolean } | null,
	runtimes: readonly PlannedRuntime[]
): ProbePlan {
	const skipped: ProbeSkip[] = [];
	const most = env.crossOriginIsolated ? Math.max(1, Math.min(env.hardwareConcurrency, env.maxThreads)) : 1;
	const threads = [...new Set([1, most])];
	const groups: ProbeGroup[] = runtimes.flatMap((runtime) =>
		threads.map((t) => ({ runtime: runtime.id, device: 'wasm' as const, threads: t }))
	);
	if (!env.crossOriginIsolated)
		skipped.push({ device: 'wasm', reason: 'more than 1 thread: the page is not cross-origin isolated' });
	if (!adapter) skipped.push({ device: 'webgpu', reason: 'no WebGPU adapter' });
	else if (adapter.software)
		skipped.push({ device: 'webgpu', reason: `software adapter (${adapter.vendor} ${adapter.architecture})` });
	else
		for (const runtime of runtimes)
			groups.push({ runtime: runtime.id, device: 'webgpu', threads: runtime.webgpuThreads === 'most' ? most : 1 });
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
	runtime: ProbeRuntime
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

/** "WebAssembly q8, 2 threads", "WebGPU q4": a configuration on this device, whatever the runtime. */
export function describeOnDevice(config: { device: Device; dtype: string; threads: number }): string {
	if (config.device === 'webgpu') return `WebGPU ${config.dtype}`;
	return `WebAssembly ${config.dtype}, ${config.threads} thread${config.threads === 1 ? '' : 's'}`;
}

export { formatTokensPerS };
