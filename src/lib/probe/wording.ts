// How the probe's findings read, for any registered runtime: each runtime names its own configurations
// ("llama.cpp Q4_0, 2 threads", "WebAssembly q8, 2 threads"), and these sentences put them together.
import { defaultRuntimeId, localRuntime, runtimeShortName } from '../runtimes';
import { fastestOn, formatTokensPerS, type ProbeResult, type ProbeRuntime, type ProbeSkip } from './plan';

/** A configuration as its runtime names it; rows saved before runtimes were recorded are the default's. */
export function describeConfig(config: {
	runtime?: ProbeRuntime;
	device: 'webgpu' | 'wasm';
	dtype: string;
	threads: number;
}): string {
	return localRuntime(config.runtime ?? defaultRuntimeId()).describeConfig(config);
}

function describeSkip(skip: ProbeSkip): string {
	if (skip.dtype)
		return `${describeConfig({ ...skip, dtype: skip.dtype, threads: skip.threads ?? 1 })}: skipped, ${skip.reason}`;
	const onRuntime = skip.runtime && skip.runtime !== defaultRuntimeId() ? `${runtimeShortName(skip.runtime)} on ` : '';
	return `${onRuntime}${skip.device === 'webgpu' ? 'WebGPU' : 'WebAssembly'}: skipped, ${skip.reason}`;
}

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
			const name = runtimeShortName(r);
			const best = fastestOn(result, r);
			if (!best) return `${name}: nothing measured`;
			// "fastest on llama.cpp: Q4_0, 2 threads", not "llama.cpp: llama.cpp Q4_0".
			const config = describeConfig(best);
			const bare = config.startsWith(`${name} `) ? config.slice(name.length + 1) : config;
			return `fastest on ${name}: ${bare}: ${formatTokensPerS(best.estimatedTokensPerS)}`;
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
