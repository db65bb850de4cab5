// Picks where the local model runs. `auto` follows the device probe's measurements when this device and
// model shape were measured (probe/plan.ts), else rules: WebGPU only on a real (non-software) adapter and
// only with a precision that has fast kernels there, else WebAssembly with as many threads as make sense.
// Pure logic over an injected environment so it runs (and is tested) in Node.
import type { EngineInfo } from '../types';
import { fastestFor, describeOnDevice, formatTokensPerS, type ProbeResult } from '../../probe/plan';
import { ONNX_RUNTIME_ID } from '../../runtimes/onnx/id';

/** Where the local model runs: WebGPU, or WebAssembly on the CPU. */
export type Device = 'webgpu' | 'wasm';
export type BackendPreference = 'auto' | Device;

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

export interface BackendChoice {
	device: Device;
	threads: number;
	/** ONNX Runtime web build the worker loads: plain for wasm, asyncify for WebGPU (one build per worker). */
	build: OrtBuild;
	adapter?: NonNullable<EngineInfo['adapter']>;
	shaderF16: boolean;
	notices: string[];
	/** The probe whose figures decided an `auto` choice, if any. */
	measured?: ProbeResult;
}

/** The probe figures for this device and the model's shape, looked up once the adapter is known. */
export type MeasuredLookup = (adapter: NonNullable<EngineInfo['adapter']> | null) => ProbeResult | null;

/** The plain SIMD-threaded build: wasm device (loads ~2.5x faster than asyncify; docs/benchmark-history.md). */
/** The onnxruntime-web release pinned in package.json, recorded with every result (a test checks they agree). */
export const ORT_WEB_VERSION = '1.31.0-dev.20260914-8d85527a0';

export const PLAIN_BUILD = 'ort-wasm-simd-threaded';
/** The build transformers.js's web bundle loads (onnxruntime-web/webgpu): needed for the WebGPU device. */
export const ASYNCIFY_BUILD = 'ort-wasm-simd-threaded.asyncify';
export type OrtBuild = typeof PLAIN_BUILD | typeof ASYNCIFY_BUILD;

export interface OrtFilePair {
	mjs: string;
	wasm: string;
}
/** The app's own URLs of each build's files (see ort-files.ts). */
export type OrtWasmPaths = Record<OrtBuild, OrtFilePair>;

/** Beyond 4 threads the small models here gain nothing and the page loses its responsiveness. */
export const MAX_WASM_THREADS = 4;
const F16_DTYPES = ['fp16', 'q4f16'] as const;
const WASM_DTYPES = ['fp32', 'q8', 'q4'] as const;

export class WebGpuUnavailableError extends Error {
	override name = 'WebGpuUnavailableError';
	constructor() {
		super('WebGPU is not available in this browser (no GPU adapter). Choose "Auto" or "WebAssembly" and load again.');
	}
}

export class DtypeUnsupportedError extends Error {
	override name = 'DtypeUnsupportedError';
}

function isF16(dtype: string): boolean {
	return (F16_DTYPES as readonly string[]).includes(dtype);
}

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
export function isSoftwareAdapter(
	adapter: Pick<NonNullable<EngineInfo['adapter']>, 'architecture' | 'isFallbackAdapter'>
): boolean {
	return adapter.isFallbackAdapter === true || /swiftshader/i.test(adapter.architecture);
}

export function describeAdapter(adapter: AdapterLike): NonNullable<EngineInfo['adapter']> {
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
): Promise<{ adapter: NonNullable<EngineInfo['adapter']>; shaderF16: boolean } | null> {
	const raw = await requestAdapter(env);
	return raw ? { adapter: describeAdapter(raw), shaderF16: raw.features.has('shader-f16') } : null;
}

export async function chooseBackend(
	preference: BackendPreference,
	dtype: string,
	env: BackendEnvironment,
	requestedThreads?: number,
	/** Build for the wasm device; the asyncify one only for before/after benchmarks. */
	wasmBuild: OrtBuild = PLAIN_BUILD,
	/** The probe's figures for this model's shape on this device (auto only). */
	measured?: MeasuredLookup
): Promise<BackendChoice> {
	const notices: string[] = [];
	const raw = preference === 'wasm' ? null : await requestAdapter(env);
	if (preference === 'webgpu' && !raw) throw new WebGpuUnavailableError();
	const adapter = raw ? describeAdapter(raw) : undefined;
	const shaderF16 = raw?.features.has('shader-f16') ?? false;
	const software = adapter ? isSoftwareAdapter(adapter) : false;
	const webgpu = (): BackendChoice => {
		if (isF16(dtype) && !shaderF16) {
			throw new DtypeUnsupportedError(
				`This GPU does not support 16-bit floats (no "shader-f16"), so ${dtype} cannot run here. Choose q4, q8 or fp32.`
			);
		}
		const speed = dtypeSpeedNotice('webgpu', dtype);
		if (speed) notices.push(speed);
		return { device: 'webgpu', threads: 1, build: ASYNCIFY_BUILD, adapter, shaderF16, notices };
	};
	const wasm = (threadsWanted = requestedThreads): BackendChoice => {
		if (isF16(dtype)) {
			throw new DtypeUnsupportedError(
				`${dtype} needs WebGPU with "shader-f16" on a real GPU. Choose q4, q8 or fp32 for WebAssembly.`
			);
		}
		const { threads, notice } = wasmThreads(env, threadsWanted);
		if (notice) notices.push(notice);
		const speed = dtypeSpeedNotice('wasm', dtype);
		if (speed) notices.push(speed);
		return { device: 'wasm', threads, build: wasmBuild, shaderF16: false, notices };
	};

	if (preference === 'wasm') return wasm();
	if (preference === 'webgpu') {
		if (software)
			notices.push(`WebGPU here is ${softwareAdapterText(adapter!)}: use it to check correctness, not speed.`);
		return webgpu();
	}

	// auto: measured first, when the probe timed this precision here.
	const probe = measured?.(adapter ?? null) ?? null;
	const best = probe ? fastestFor(probe, dtype, { webgpu: !!adapter && !software }, ONNX_RUNTIME_ID) : null;
	if (probe && best) {
		notices.push(
			`Auto: ${describeOnDevice(best)} measured fastest for ${dtype} on this device (${formatTokensPerS(best.estimatedTokensPerS)}, est.).`
		);
		const choice = best.device === 'webgpu' ? webgpu() : wasm(requestedThreads ?? best.threads);
		return { ...choice, measured: probe };
	}

	// auto by rules: a real GPU, and a precision with fast kernels on it (f16 variants need one).
	if (adapter && !software && (isF16(dtype) || !dtypeSpeedNotice('webgpu', dtype))) return webgpu();
	if (adapter && software) notices.push(`Auto skipped WebGPU: the only adapter is ${softwareAdapterText(adapter)}.`);
	else if (adapter)
		notices.push(`q8 has no WebGPU kernels, so Auto runs it on WebAssembly; choose q4 or fp32 to use the GPU.`);
	else if (env.gpu) notices.push('No WebGPU adapter was found; using WebAssembly.');
	return wasm();
}

function softwareAdapterText(adapter: NonNullable<EngineInfo['adapter']>): string {
	return `a software one (${adapter.vendor} ${adapter.architecture}) that runs on the CPU, many times slower than WebAssembly`;
}

/**
 * A precision that runs, but slowly, on this device: said up front so a slow result is not mistaken for
 * the device's speed. Both come from ONNX Runtime Web itself, so they hold for Hub models too (their
 * `model_quantized.onnx` uses the same ops): measured in docs/benchmark-history.md ("Lever: q8 format").
 */
export function dtypeSpeedNotice(device: 'webgpu' | 'wasm', dtype: string): string | undefined {
	if (device === 'webgpu' && dtype === 'q8') {
		return 'q8 has no WebGPU kernels for its integer matrix multiplies, so those layers run on the CPU with copies every step: choose q4 or fp32 for WebGPU, or WebAssembly for q8.';
	}
	if (device === 'wasm' && dtype === 'q4') {
		return 'q4 (4-bit MatMulNBits) runs many times slower than q8 or fp32 on this WebAssembly build of ONNX Runtime: choose q8 for WebAssembly, or WebGPU (on a real GPU) for q4.';
	}
	return undefined;
}

/** dtypes a person can pick for a backend choice (f16 variants only on a GPU with shader-f16). */
export function dtypesFor(choice: Pick<BackendChoice, 'device' | 'shaderF16'>): string[] {
	return choice.device === 'webgpu' && choice.shaderF16 ? [...WASM_DTYPES, ...F16_DTYPES] : [...WASM_DTYPES];
}

export function wasmFallbackNotice(reason: string, threads: number): string {
	return `The WebGPU device was lost (${reason}); switched to WebAssembly (${threads} thread${threads === 1 ? '' : 's'}).`;
}
