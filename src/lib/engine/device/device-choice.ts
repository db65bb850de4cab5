// Where an on-device model runs, for every local runtime: WebGPU or WebAssembly, and how many threads.
// The rules are the same whichever runtime runs the model: a software adapter (SwiftShader) runs WebGPU on
// the CPU many times slower than WebAssembly, so Auto passes over it; threads need a cross-origin isolated
// page; and what the device probe measured here beats every rule. What a runtime adds (ONNX Runtime's
// precision rules) and how it words each case are its own. Pure logic over an injected environment, so it
// runs (and is tested) in Node.
import type { EngineInfo } from '../types';

/** Where the local model runs: WebGPU, or WebAssembly on the CPU. */
export type Device = 'webgpu' | 'wasm';
export type BackendPreference = 'auto' | Device;
export type AdapterInfo = NonNullable<EngineInfo['adapter']>;

/** The parts of a GPUAdapter this module reads. */
export interface AdapterLike {
	features: { has(feature: string): boolean };
	info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
	isFallbackAdapter?: boolean;
}

export interface BackendEnvironment {
	gpu?: {
		requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<AdapterLike | null>;
	};
	hardwareConcurrency: number;
	crossOriginIsolated: boolean;
	/** Part of the probe cache's key (a browser update can change its speed). */
	userAgent?: string;
}

/** Beyond 4 threads the small models here gain nothing and the page loses its responsiveness. */
export const MAX_WASM_THREADS = 4;

export function browserBackendEnvironment(): BackendEnvironment {
	const nav = globalThis.navigator as (Navigator & { gpu?: BackendEnvironment['gpu'] }) | undefined;
	return {
		gpu: nav?.gpu,
		hardwareConcurrency: nav?.hardwareConcurrency ?? 1,
		crossOriginIsolated: globalThis.crossOriginIsolated === true,
		userAgent: nav?.userAgent
	};
}

async function requestAdapter(env: BackendEnvironment): Promise<AdapterLike | null> {
	if (!env.gpu) return null;
	try {
		return await env.gpu.requestAdapter({ powerPreference: 'high-performance' });
	} catch {
		return null;
	}
}

/** Threads for wasm: what was asked, capped; more than one only when the page is cross-origin isolated. */
export function wasmThreads(env: BackendEnvironment, requested?: number): { threads: number; notice?: string } {
	if (!env.crossOriginIsolated) {
		const notice =
			requested && requested > 1
				? 'This page is not cross-origin isolated, so WebAssembly runs on 1 thread (serve it with COOP/COEP headers for more).'
				: undefined;
		return { threads: 1, notice };
	}
	const auto = Math.min(Math.max(env.hardwareConcurrency, 1), MAX_WASM_THREADS);
	const threads = requested ? Math.max(1, Math.min(Math.floor(requested), Math.max(env.hardwareConcurrency, 1))) : auto;
	return { threads };
}

/**
 * A software adapter (Chromium's SwiftShader, or any the browser flags as a fallback) runs WebGPU on the
 * CPU: correct, but tens of times slower than WebAssembly on the same machine, so `auto` never picks one.
 */
export function isSoftwareAdapter(adapter: Pick<AdapterInfo, 'architecture' | 'isFallbackAdapter'>): boolean {
	return adapter.isFallbackAdapter === true || /swiftshader/i.test(adapter.architecture);
}

export function describeAdapter(adapter: AdapterLike): AdapterInfo {
	return {
		vendor: adapter.info?.vendor || 'unknown',
		architecture: adapter.info?.architecture || 'unknown',
		description: adapter.info?.description || undefined,
		isFallbackAdapter: adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false
	};
}

/** The adapter this browser gives, described (null without WebGPU); the probe's plan and cache key need it. */
export async function currentAdapter(
	env: BackendEnvironment
): Promise<{ adapter: AdapterInfo; shaderF16: boolean } | null> {
	const raw = await requestAdapter(env);
	return raw ? { adapter: describeAdapter(raw), shaderF16: raw.features.has('shader-f16') } : null;
}

/** What the device probe measured fastest here for the model (each runtime reads its own rows). */
export interface MeasuredDevice {
	device: Device;
	threads?: number;
	/** Said with the engine's notices: "Auto: … measured fastest …". */
	notice: string;
}

/** How a runtime words the cases where the device is not the obvious one. */
export interface DeviceWording {
	/** WebGPU was asked for and the only adapter is a software one: it runs there, and says so. */
	forcedSoftware(adapter: AdapterInfo): string;
	/** Auto passed over a software adapter. */
	autoSkippedSoftware(adapter: AdapterInfo): string;
	/** Auto, in a browser with WebGPU that gave no adapter. */
	autoNoAdapter?: string;
	/** WebGPU was asked for and there is no adapter: the model runs on WebAssembly saying this. */
	forcedNoAdapter?: string;
}

export interface DeviceRules<M extends MeasuredDevice> {
	preference: BackendPreference;
	env: BackendEnvironment;
	/** Threads set by hand; they win over measured ones. */
	requestedThreads?: number;
	/** Auto only: the probe's measurement for this model here, given the adapter (part of the probe's key). */
	measured?: (adapter: AdapterInfo | null) => M | null;
	/** Auto's rule on a real adapter: why this model should run on WebAssembly all the same, if it should. */
	webGpuUnsuited?: string;
	wording: DeviceWording;
}

export interface DeviceDecision<M extends MeasuredDevice> {
	device: Device;
	/** Threads for the CPU side (all of it on wasm): asked for, else measured, else the rule's. */
	threads: number;
	threadsNotice?: string;
	/** On WebGPU: the adapter it runs on, and whether it has 16-bit floats. */
	adapter?: AdapterInfo;
	shaderF16: boolean;
	/** The measurement Auto followed or was given, if any. */
	measured: M | null;
	/** Why the device is not what was asked for, or not the obvious one. */
	adapterNotice?: string;
}

/**
 * The device for a preference. A measurement on WebAssembly beats the rule that a real adapter means WebGPU,
 * and a measurement on WebGPU beats the runtime's own objection to it; without one, Auto takes WebGPU only
 * on a real adapter. A forced WebGPU with no adapter at all runs on WebAssembly (the runtime refuses instead
 * when it has no words for that).
 */
export async function chooseDevice<M extends MeasuredDevice>(rules: DeviceRules<M>): Promise<DeviceDecision<M>> {
	const { preference, env, wording } = rules;
	const raw = preference === 'wasm' ? null : await requestAdapter(env);
	const adapter = raw ? describeAdapter(raw) : undefined;
	const real = adapter !== undefined && !isSoftwareAdapter(adapter);
	const measured = preference === 'auto' ? (rules.measured?.(adapter ?? null) ?? null) : null;
	const { threads, notice: threadsNotice } = wasmThreads(env, rules.requestedThreads ?? measured?.threads);
	const decided = { threads, threadsNotice, measured };
	const webgpu = (adapterNotice?: string): DeviceDecision<M> => ({
		...decided,
		device: 'webgpu',
		adapter,
		shaderF16: raw?.features.has('shader-f16') ?? false,
		adapterNotice
	});
	const wasm = (adapterNotice?: string): DeviceDecision<M> => ({
		...decided,
		device: 'wasm',
		shaderF16: false,
		adapterNotice
	});

	if (preference === 'wasm') return wasm();
	if (preference === 'webgpu') {
		if (!adapter) return wasm(wording.forcedNoAdapter);
		return webgpu(real ? undefined : wording.forcedSoftware(adapter));
	}
	if (measured?.device === 'wasm') return wasm();
	if (real && (measured || !rules.webGpuUnsuited)) return webgpu();
	if (adapter && !real) return wasm(wording.autoSkippedSoftware(adapter));
	if (adapter) return wasm(rules.webGpuUnsuited);
	return wasm(env.gpu ? wording.autoNoAdapter : undefined);
}
