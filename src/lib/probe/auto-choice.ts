// What the device probe's figures mean across runtimes: what a runtime's Auto runs for a precision (its
// fastest measured backend and threads), and which runtime, format and thread count is fastest for a model
// here, among the files it has on each runtime. Each runtime's Auto picks among its own rows.
import type { EngineInfo } from '../engine/types';
import { isSoftwareAdapter } from '../engine/local/backend';
import {
	fastestFor,
	fastestOn,
	formatTokensPerS,
	type ProbeMeasurement,
	type ProbeResult,
	type ProbeRuntime,
	type ProbeConfig
} from './plan';

/** What a runtime's Auto runs, measured. */
export interface MeasuredAutoChoice {
	device: 'webgpu' | 'wasm';
	threads: number;
	measurement: ProbeMeasurement;
	/** Said with the engine's notices: "Auto: llama.cpp Q4_0, 2 threads measured fastest …". */
	notice: string;
}

/**
 * A runtime's Auto for `dtype`, from the probe: its fastest measured backend and threads, WebGPU only on a
 * real adapter (the probe never times a software one). Null when the probe did not time it there.
 */
export function measuredAutoChoice(
	result: ProbeResult | null,
	runtime: { id: ProbeRuntime; describeConfig(config: Omit<ProbeConfig, 'runtime'>): string },
	dtype: string,
	adapter: EngineInfo['adapter'] | null
): MeasuredAutoChoice | null {
	if (!result) return null;
	const best = fastestFor(result, dtype, { webgpu: !!adapter && !isSoftwareAdapter(adapter) }, runtime.id);
	if (!best) return null;
	return {
		device: best.device,
		threads: best.threads,
		measurement: best,
		notice: `Auto: ${runtime.describeConfig(best)} measured fastest for ${dtype} on this device (${formatTokensPerS(best.estimatedTokensPerS)}, est.).`
	};
}

/**
 * The fastest configuration for a model here, across runtimes, among the dtypes it has on each
 * (`dtypesOn`): what the probe panel offers to switch to.
 */
export function fastestRunnable(
	result: Pick<ProbeResult, 'measurements'>,
	runtimes: readonly ProbeRuntime[],
	dtypesOn: (runtime: ProbeRuntime) => readonly string[]
): ProbeMeasurement | null {
	return runtimes
		.map((runtime) => fastestOn(result, runtime, dtypesOn(runtime)))
		.reduce<ProbeMeasurement | null>(
			(best, m) => (m && (!best || m.estimatedStepMs < best.estimatedStepMs) ? m : best),
			null
		);
}
