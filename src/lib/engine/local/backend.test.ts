import { describe, expect, it } from 'vitest';
import {
	ASYNCIFY_BUILD,
	PLAIN_BUILD,
	chooseBackend,
	dtypeSpeedNotice,
	dtypesFor,
	isSoftwareAdapter,
	wasmThreads,
	type AdapterLike,
	type BackendEnvironment
} from './backend';
import { estimate, type ProbeResult } from '../../probe/plan';

const swiftshader: AdapterLike = {
	features: new Set<string>(),
	info: { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true }
};
const f16Gpu: AdapterLike = { features: new Set(['shader-f16']), info: { vendor: 'apple', architecture: 'metal-3' } };
const realGpu: AdapterLike = { features: new Set<string>(), info: { vendor: 'nvidia', architecture: 'ampere' } };
/** SwiftShader as some browsers report it: the architecture says so, the fallback flag does not. */
const unflaggedSwiftshader: AdapterLike = {
	features: new Set<string>(),
	info: { vendor: 'google', architecture: 'swiftshader' }
};

function environment(
	overrides: Partial<BackendEnvironment> & { adapter?: AdapterLike | null } = {}
): BackendEnvironment {
	const { adapter, ...rest } = overrides;
	return {
		gpu: adapter === undefined ? undefined : { requestAdapter: async () => adapter },
		hardwareConcurrency: 8,
		crossOriginIsolated: true,
		...rest
	};
}

describe('chooseBackend', () => {
	it('says when a forced precision runs slowly on its device (q8 on WebGPU, q4 on wasm), and only then', async () => {
		const q8Gpu = await chooseBackend('webgpu', 'q8', environment({ adapter: realGpu }));
		expect(q8Gpu.notices).toEqual([dtypeSpeedNotice('webgpu', 'q8')]);
		expect(q8Gpu.notices[0]).toMatch(/WebAssembly for q8/);
		const q4Wasm = await chooseBackend('wasm', 'q4', environment());
		expect(q4Wasm.notices).toEqual([dtypeSpeedNotice('wasm', 'q4')]);
		expect((await chooseBackend('wasm', 'q8', environment())).notices).toEqual([]);
		expect((await chooseBackend('webgpu', 'q4', environment({ adapter: realGpu }))).notices).toEqual([]);
		expect((await chooseBackend('webgpu', 'fp32', environment({ adapter: realGpu }))).notices).toEqual([]);
	});

	it('tells a software adapter by its fallback flag or by its SwiftShader architecture', () => {
		expect(isSoftwareAdapter({ architecture: 'swiftshader', isFallbackAdapter: true })).toBe(true);
		expect(isSoftwareAdapter({ architecture: 'swiftshader' })).toBe(true);
		expect(isSoftwareAdapter({ architecture: 'unknown', isFallbackAdapter: true })).toBe(true);
		expect(isSoftwareAdapter({ architecture: 'ampere', isFallbackAdapter: false })).toBe(false);
	});

	it('auto never picks a software adapter, whatever the precision, and says why', async () => {
		for (const adapter of [swiftshader, unflaggedSwiftshader]) {
			for (const dtype of ['fp32', 'q8', 'q4']) {
				const choice = await chooseBackend('auto', dtype, environment({ adapter, hardwareConcurrency: 2 }));
				expect(choice).toMatchObject({ device: 'wasm', threads: 2, build: PLAIN_BUILD });
				expect(choice.notices[0]).toMatch(
					/^Auto skipped WebGPU: the only adapter is a software one \(google swiftshader\)/
				);
			}
		}
	});

	it('auto with q4 and no real GPU runs wasm, says q4 is slow there and suggests q8', async () => {
		for (const adapter of [null, swiftshader]) {
			const choice = await chooseBackend('auto', 'q4', environment({ adapter }));
			expect(choice.device).toBe('wasm');
			expect(choice.notices.at(-1)).toBe(dtypeSpeedNotice('wasm', 'q4'));
			expect(choice.notices.at(-1)).toMatch(/choose q8 for WebAssembly/);
		}
	});

	it('auto with a real GPU runs q4 and fp32 there, but q8 on wasm (no q8 GPU kernels), saying so', async () => {
		expect(await chooseBackend('auto', 'q4', environment({ adapter: realGpu }))).toMatchObject({
			device: 'webgpu',
			notices: []
		});
		expect(await chooseBackend('auto', 'fp32', environment({ adapter: realGpu }))).toMatchObject({
			device: 'webgpu',
			notices: []
		});
		const q8 = await chooseBackend('auto', 'q8', environment({ adapter: realGpu }));
		expect(q8).toMatchObject({ device: 'wasm', threads: 4 });
		expect(q8.notices).toEqual([
			'q8 has no WebGPU kernels, so Auto runs it on WebAssembly; choose q4 or fp32 to use the GPU.'
		]);
	});

	it('forced WebGPU still runs on a software adapter (for correctness checks), with a notice', async () => {
		const choice = await chooseBackend('webgpu', 'q4', environment({ adapter: swiftshader }));
		expect(choice).toMatchObject({
			device: 'webgpu',
			build: ASYNCIFY_BUILD,
			adapter: { architecture: 'swiftshader', isFallbackAdapter: true }
		});
		expect(choice.notices).toEqual([
			'WebGPU here is a software one (google swiftshader) that runs on the CPU, many times slower than WebAssembly: use it to check correctness, not speed.'
		]);
	});

	it('runs wasm on the plain ORT build unless told otherwise (the asyncify one only for WebGPU)', async () => {
		expect((await chooseBackend('wasm', 'q8', environment())).build).toBe(PLAIN_BUILD);
		expect((await chooseBackend('auto', 'q8', environment({ adapter: null }))).build).toBe(PLAIN_BUILD);
		expect((await chooseBackend('wasm', 'q8', environment(), undefined, ASYNCIFY_BUILD)).build).toBe(ASYNCIFY_BUILD);
	});

	it('auto falls back to wasm when requestAdapter gives null, and says so', async () => {
		const choice = await chooseBackend('auto', 'q8', environment({ adapter: null }));
		expect(choice).toMatchObject({ device: 'wasm', threads: 4 });
		expect(choice.notices).toEqual(['No WebGPU adapter was found; using WebAssembly.']);
	});

	it('auto falls back to wasm when requestAdapter throws', async () => {
		const env = environment();
		env.gpu = { requestAdapter: () => Promise.reject(new Error('blocked')) };
		expect((await chooseBackend('auto', 'q8', env)).device).toBe('wasm');
	});

	it('wasm uses min(hardwareConcurrency, 4) threads when cross-origin isolated', async () => {
		expect((await chooseBackend('wasm', 'q4', environment({ hardwareConcurrency: 2 }))).threads).toBe(2);
		expect((await chooseBackend('wasm', 'q4', environment({ hardwareConcurrency: 16 }))).threads).toBe(4);
	});

	it('wasm uses 1 thread without cross-origin isolation, with a notice when more were asked', async () => {
		const env = environment({ crossOriginIsolated: false });
		expect((await chooseBackend('wasm', 'q4', env)).threads).toBe(1);
		const asked = await chooseBackend('wasm', 'q4', env, 2);
		expect(asked.threads).toBe(1);
		expect(asked.notices[0]).toMatch(/not cross-origin isolated/);
	});

	it('an explicit thread count is honoured up to the core count', async () => {
		expect(wasmThreads(environment({ hardwareConcurrency: 2 }), 1).threads).toBe(1);
		expect(wasmThreads(environment({ hardwareConcurrency: 2 }), 8).threads).toBe(2);
	});

	it('forcing WebGPU without an adapter throws a clear error', async () => {
		await expect(chooseBackend('webgpu', 'q4', environment())).rejects.toMatchObject({
			name: 'WebGpuUnavailableError',
			message: expect.stringMatching(/WebGPU is not available/)
		});
		await expect(chooseBackend('webgpu', 'q4', environment({ adapter: null }))).rejects.toMatchObject({
			name: 'WebGpuUnavailableError'
		});
	});

	it('forcing wasm never asks for an adapter', async () => {
		let asked = false;
		const env = environment();
		env.gpu = { requestAdapter: async () => ((asked = true), f16Gpu) };
		expect((await chooseBackend('wasm', 'q4', env)).device).toBe('wasm');
		expect(asked).toBe(false);
	});

	it('fp16 and q4f16 need shader-f16', async () => {
		await expect(chooseBackend('auto', 'fp16', environment({ adapter: swiftshader }))).rejects.toMatchObject({
			name: 'DtypeUnsupportedError'
		});
		await expect(chooseBackend('wasm', 'q4f16', environment())).rejects.toMatchObject({
			name: 'DtypeUnsupportedError'
		});
		const ok = await chooseBackend('webgpu', 'q4f16', environment({ adapter: f16Gpu }));
		expect(ok).toMatchObject({ device: 'webgpu', shaderF16: true });
		expect(dtypesFor(ok)).toEqual(['fp32', 'q8', 'q4', 'fp16', 'q4f16']);
		expect(dtypesFor({ device: 'wasm', shaderF16: false })).toEqual(['fp32', 'q8', 'q4']);
	});
});

describe("chooseBackend with the device probe's figures", () => {
	const measured = (stepMs: Record<string, number>): ProbeResult => {
		const measurements = Object.entries(stepMs).map(([config, ms]) => {
			const [device, dtype, threads] = config.split(' ') as ['wasm' | 'webgpu', 'fp32' | 'q8' | 'q4', string];
			// A flat line: every depth takes `ms`, so the estimate is `ms` whatever the depth.
			return estimate(
				{ runtime: 'onnxruntime-web', device, dtype, threads: Number(threads) },
				[
					{ layers: 1, stepMs: ms },
					{ layers: 2, stepMs: ms }
				],
				30
			);
		});
		return {
			key: 'k',
			shape: 'tiny',
			layers: 30,
			depths: [1, 2],
			decodeSteps: 8,
			runtimes: ['onnxruntime-web'],
			measurements,
			skipped: [],
			choice: null,
			reason: '',
			wallMs: 1,
			measuredAt: '',
			adapter: null
		};
	};

	it('auto runs the fastest measured backend and threads for the chosen precision, and records the probe', async () => {
		const probe = measured({ 'wasm q8 1': 40, 'wasm q8 2': 25, 'wasm fp32 2': 20, 'webgpu q8 1': 60 });
		const choice = await chooseBackend(
			'auto',
			'q8',
			environment({ adapter: realGpu, hardwareConcurrency: 2 }),
			undefined,
			PLAIN_BUILD,
			() => probe
		);
		expect(choice).toMatchObject({ device: 'wasm', threads: 2, measured: probe });
		expect(choice.notices[0]).toBe(
			'Auto: WebAssembly q8, 2 threads measured fastest for q8 on this device (40.0 tok/s, est.).'
		);
	});

	it('picks a measured GPU when it wins, and honours threads the person chose', async () => {
		const probe = measured({ 'wasm q4 2': 200, 'webgpu q4 1': 10, 'wasm q8 1': 30, 'wasm q8 2': 20 });
		const env = environment({ adapter: realGpu, hardwareConcurrency: 2 });
		expect((await chooseBackend('auto', 'q4', env, undefined, PLAIN_BUILD, () => probe)).device).toBe('webgpu');
		expect(await chooseBackend('auto', 'q8', env, 1, PLAIN_BUILD, () => probe)).toMatchObject({
			device: 'wasm',
			threads: 1
		});
	});

	it('never follows a measured WebGPU figure onto an adapter that is software now, nor a probe without this precision', async () => {
		const probe = measured({ 'webgpu q4 1': 10, 'wasm q4 1': 500 });
		const soft = await chooseBackend(
			'auto',
			'q4',
			environment({ adapter: swiftshader }),
			undefined,
			PLAIN_BUILD,
			() => probe
		);
		expect(soft.device).toBe('wasm');
		const none = await chooseBackend(
			'auto',
			'fp32',
			environment({ adapter: swiftshader }),
			undefined,
			PLAIN_BUILD,
			() => probe
		);
		expect(none.device).toBe('wasm');
		expect(none.measured).toBeUndefined();
		expect(none.notices[0]).toMatch(/^Auto skipped WebGPU/);
	});

	it('forced backends ignore the probe', async () => {
		const probe = measured({ 'wasm q8 2': 10 });
		const forced = await chooseBackend(
			'webgpu',
			'q8',
			environment({ adapter: realGpu }),
			undefined,
			PLAIN_BUILD,
			() => probe
		);
		expect(forced.device).toBe('webgpu');
		expect(forced.measured).toBeUndefined();
	});
});

it('ORT_WEB_VERSION is the pinned onnxruntime-web', async () => {
	const { readFileSync } = await import('node:fs');
	const { ORT_WEB_VERSION } = await import('./backend');
	const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
	const installed = JSON.parse(readFileSync('node_modules/onnxruntime-web/package.json', 'utf8'));
	expect(pkg.dependencies['onnxruntime-web']).toBe(ORT_WEB_VERSION);
	expect(installed.version).toBe(ORT_WEB_VERSION);
});
