import { describe, expect, it } from 'vitest';
import {
	ASYNCIFY_BUILD,
	PLAIN_BUILD,
	chooseBackend,
	dtypeSpeedNotice,
	dtypesFor,
	wasmThreads,
	type AdapterLike,
	type BackendEnvironment
} from './backend';

const swiftshader: AdapterLike = {
	features: new Set<string>(),
	info: { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true }
};
const f16Gpu: AdapterLike = { features: new Set(['shader-f16']), info: { vendor: 'apple', architecture: 'metal-3' } };

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
	it('says when a precision runs slowly on the chosen device (q8 on WebGPU, q4 on wasm), and only then', async () => {
		const q8Gpu = await chooseBackend('auto', 'q8', environment({ adapter: swiftshader }));
		expect(q8Gpu.notices).toEqual([dtypeSpeedNotice('webgpu', 'q8')]);
		expect(q8Gpu.notices[0]).toMatch(/WebAssembly for q8/);
		const q4Wasm = await chooseBackend('wasm', 'q4', environment());
		expect(q4Wasm.notices).toEqual([dtypeSpeedNotice('wasm', 'q4')]);
		expect((await chooseBackend('wasm', 'q8', environment())).notices).toEqual([]);
		expect((await chooseBackend('webgpu', 'q4', environment({ adapter: swiftshader }))).notices).toEqual([]);
		expect((await chooseBackend('webgpu', 'fp32', environment({ adapter: swiftshader }))).notices).toEqual([]);
	});

	it('auto picks WebGPU when an adapter exists and reports its vendor and architecture', async () => {
		const choice = await chooseBackend('auto', 'q4', environment({ adapter: swiftshader }));
		expect(choice.device).toBe('webgpu');
		expect(choice.adapter).toEqual({
			vendor: 'google',
			architecture: 'swiftshader',
			description: undefined,
			isFallbackAdapter: true
		});
		expect(choice.shaderF16).toBe(false);
		expect(choice.build).toBe(ASYNCIFY_BUILD);
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
