// What the device probe's figures mean across the two local runtimes: which runtime, format and thread
// count is fastest for a model here (among the files it has on each runtime), and what llama.cpp's Auto
// runs. ONNX Runtime's Auto is chooseBackend's (backend.ts); each runtime's Auto picks among its own rows.
import type { EngineInfo } from '../engine/types';
import type { LlamaAutoChoice } from '../engine/llama/llama-engine';
import {
	describeConfig,
	fastestFor,
	fastestOn,
	formatTokensPerS,
	type ProbeMeasurement,
	type ProbeResult,
	type ProbeRuntime
} from './plan';
import { isSoftwareAdapter } from '../engine/local/backend';

export interface MeasuredLlamaChoice extends LlamaAutoChoice {
	measurement: ProbeMeasurement;
}

/**
 * llama.cpp's Auto for `dtype`, from the probe: its fastest measured backend and threads, WebGPU only on a
 * real adapter (the probe never times a software one). Null when the probe did not time llama.cpp there.
 */
export function llamaAutoChoice(
	result: ProbeResult | null,
	dtype: string,
	adapter: EngineInfo['adapter'] | null
): MeasuredLlamaChoice | null {
	if (!result) return null;
	const best = fastestFor(result, dtype, { webgpu: !!adapter && !isSoftwareAdapter(adapter) }, 'llama.cpp');
	if (!best) return null;
	return {
		device: best.device,
		threads: best.threads,
		measurement: best,
		notice: `Auto: ${describeConfig(best)} measured fastest for ${dtype} on this device (${formatTokensPerS(best.estimatedTokensPerS)}, est.).`
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
