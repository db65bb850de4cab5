// Where an ONNX Runtime model runs: the shared device rules (../device/device-choice.ts) plus ONNX Runtime's
// own: `auto` follows the device probe's measurements when this device and model shape were measured
// (probe/plan.ts), else takes WebGPU only on a real adapter and only with a precision that has fast
// kernels there (not q8), f16 precisions need "shader-f16", and each device runs its own ORT build.
// Pure logic over an injected environment so it runs (and is tested) in Node.
import { fastestFor, describeOnDevice, formatTokensPerS, type ProbeResult } from '../../probe/plan';
import { ONNX_RUNTIME_ID } from '../../runtimes/onnx/id';
import {
	chooseDevice,
	isSoftwareAdapter,
	type AdapterInfo,
	type BackendEnvironment,
	type BackendPreference,
	type Device,
	type MeasuredDevice
} from '../device/device-choice';

export {
	MAX_WASM_THREADS,
	browserBackendEnvironment,
	currentAdapter,
	describeAdapter,
	isSoftwareAdapter,
	wasmThreads,
	type AdapterLike,
	type BackendEnvironment,
	type BackendPreference,
	type Device
} from '../device/device-choice';

export interface BackendChoice {
	device: Device;
	threads: number;
	/** ONNX Runtime web build the worker loads: plain for wasm, asyncify for WebGPU (one build per worker). */
	build: OrtBuild;
	adapter?: AdapterInfo;
	shaderF16: boolean;
	notices: string[];
	/** The probe whose figures decided an `auto` choice, if any. */
	measured?: ProbeResult;
}

/** The probe figures for this device and the model's shape, looked up once the adapter is known. */
export type MeasuredLookup = (adapter: AdapterInfo | null) => ProbeResult | null;

/** The onnxruntime-web release pinned in package.json, recorded with every result (a test checks they agree). */
export const ORT_WEB_VERSION = '1.31.0-dev.20260914-8d85527a0';

/** The plain SIMD-threaded build: wasm device (loads ~2.5x faster than asyncify; docs/benchmark-history.md). */
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

/** A measurement ONNX Runtime's Auto follows: the probe's fastest configuration for this precision. */
interface OrtMeasured extends MeasuredDevice {
	probe: ProbeResult;
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
	const decision = await chooseDevice<OrtMeasured>({
		preference,
		env,
		requestedThreads,
		measured: (adapter) => {
			const probe = measured?.(adapter) ?? null;
			const best = probe
				? fastestFor(probe, dtype, { webgpu: !!adapter && !isSoftwareAdapter(adapter) }, ONNX_RUNTIME_ID)
				: null;
			if (!probe || !best) return null;
			const speed = formatTokensPerS(best.estimatedTokensPerS);
			const notice = `Auto: ${describeOnDevice(best)} measured fastest for ${dtype} on this device (${speed}, est.).`;
			return { device: best.device, threads: best.threads, notice, probe };
		},
		// A real GPU is not enough: the precision needs fast kernels on it (f16 variants need one).
		webGpuUnsuited:
			!isF16(dtype) && dtypeSpeedNotice('webgpu', dtype)
				? 'q8 has no WebGPU kernels, so Auto runs it on WebAssembly; choose q4 or fp32 to use the GPU.'
				: undefined,
		wording: {
			forcedSoftware: (adapter) =>
				`WebGPU here is ${softwareAdapterText(adapter)}: use it to check correctness, not speed.`,
			autoSkippedSoftware: (adapter) => `Auto skipped WebGPU: the only adapter is ${softwareAdapterText(adapter)}.`,
			autoNoAdapter: 'No WebGPU adapter was found; using WebAssembly.'
		}
	});
	// Without an adapter a forced WebGPU is refused: ONNX Runtime's WebGPU build cannot start.
	if (preference === 'webgpu' && decision.device === 'wasm') throw new WebGpuUnavailableError();
	const notices = [decision.measured?.notice, decision.adapterNotice];
	const choice: BackendChoice =
		decision.device === 'webgpu'
			? {
					device: 'webgpu',
					threads: 1,
					build: ASYNCIFY_BUILD,
					adapter: decision.adapter,
					shaderF16: decision.shaderF16,
					notices: []
				}
			: { device: 'wasm', threads: decision.threads, build: wasmBuild, shaderF16: false, notices: [] };
	checkDtype(dtype, choice);
	if (choice.device === 'wasm') notices.push(decision.threadsNotice);
	notices.push(dtypeSpeedNotice(choice.device, dtype));
	choice.notices = notices.filter((notice) => notice !== undefined);
	return decision.measured ? { ...choice, measured: decision.measured.probe } : choice;
}

/** f16 precisions need WebGPU with 16-bit float shaders; refused with what to choose instead. */
function checkDtype(dtype: string, choice: BackendChoice): void {
	if (!isF16(dtype)) return;
	if (choice.device === 'wasm')
		throw new DtypeUnsupportedError(
			`${dtype} needs WebGPU with "shader-f16" on a real GPU. Choose q4, q8 or fp32 for WebAssembly.`
		);
	if (!choice.shaderF16)
		throw new DtypeUnsupportedError(
			`This GPU does not support 16-bit floats (no "shader-f16"), so ${dtype} cannot run here. Choose q4, q8 or fp32.`
		);
}

function softwareAdapterText(adapter: AdapterInfo): string {
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
