// The device rules every local runtime shares: a measurement beats the rules, Auto never takes a software
// adapter, a forced WebGPU runs where it can, threads set by hand win, and each case is said in the
// runtime's own words.
import { describe, expect, it } from 'vitest';
import {
	chooseDevice,
	type AdapterLike,
	type BackendEnvironment,
	type DeviceRules,
	type MeasuredDevice
} from './device-choice';

const realGpu: AdapterLike = {
	features: new Set(['shader-f16']),
	info: { vendor: 'nvidia', architecture: 'ampere' }
};
/** SwiftShader as some browsers report it: the architecture says so, the fallback flag does not. */
const unflaggedSwiftshader: AdapterLike = {
	features: new Set(),
	info: { vendor: 'google', architecture: 'swiftshader' }
};

function env(adapter?: AdapterLike | null | 'throws', overrides: Partial<BackendEnvironment> = {}): BackendEnvironment {
	return {
		gpu:
			adapter === undefined
				? undefined
				: {
						requestAdapter: async () => {
							if (adapter === 'throws') throw new Error('adapter request failed');
							return adapter;
						}
					},
		hardwareConcurrency: 8,
		crossOriginIsolated: true,
		...overrides
	};
}

const wording = {
	forcedSoftware: (a: { architecture: string }) => `forced software ${a.architecture}`,
	autoSkippedSoftware: (a: { architecture: string }) => `skipped software ${a.architecture}`,
	autoNoAdapter: 'no adapter',
	forcedNoAdapter: 'forced without adapter'
};

function choose(rules: Partial<DeviceRules<MeasuredDevice>> & { env: BackendEnvironment }) {
	return chooseDevice({ preference: 'auto', wording, ...rules });
}

describe('chooseDevice', () => {
	it('by rule, Auto takes a real adapter with every thread the page allows, up to 4', async () => {
		const decision = await choose({ env: env(realGpu) });
		expect(decision).toMatchObject({ device: 'webgpu', threads: 4, shaderF16: true, measured: null });
		expect(decision.adapter).toEqual({
			vendor: 'nvidia',
			architecture: 'ampere',
			description: undefined,
			isFallbackAdapter: false
		});
		expect(decision.adapterNotice).toBeUndefined();
	});

	it("by rule, Auto gives way to the runtime's objection to WebGPU for this model, in its words", async () => {
		const decision = await choose({ env: env(realGpu), webGpuUnsuited: 'no kernels for q8' });
		expect(decision).toMatchObject({ device: 'wasm', shaderF16: false, adapterNotice: 'no kernels for q8' });
		expect(decision.adapter).toBeUndefined();
	});

	it('a measurement beats the rules: WebAssembly beside a real adapter, WebGPU despite an objection', async () => {
		const seen: unknown[] = [];
		const onWasm = await choose({
			env: env(realGpu),
			measured: (adapter) => (seen.push(adapter), { device: 'wasm', threads: 2, notice: 'measured wasm' })
		});
		expect(onWasm).toMatchObject({ device: 'wasm', threads: 2, measured: { notice: 'measured wasm' } });
		expect(onWasm.adapterNotice).toBeUndefined();
		// The probe's key needs the adapter, so the lookup is given it.
		expect(seen).toEqual([expect.objectContaining({ architecture: 'ampere' })]);
		const onGpu = await choose({
			env: env(realGpu),
			webGpuUnsuited: 'no kernels for q8',
			measured: () => ({ device: 'webgpu', notice: 'measured webgpu' })
		});
		expect(onGpu).toMatchObject({ device: 'webgpu', adapterNotice: undefined });
	});

	it('a measurement on WebGPU does not take a software adapter: Auto says it passed over it', async () => {
		const decision = await choose({
			env: env(unflaggedSwiftshader),
			measured: () => ({ device: 'webgpu', notice: 'measured webgpu' })
		});
		expect(decision).toMatchObject({ device: 'wasm', adapterNotice: 'skipped software swiftshader' });
		expect(decision.measured?.notice).toBe('measured webgpu');
	});

	it('Auto never takes a software adapter, flagged or told by its architecture', async () => {
		const flagged: AdapterLike = { features: new Set(), info: { architecture: 'unknown', isFallbackAdapter: true } };
		for (const adapter of [flagged, unflaggedSwiftshader]) {
			expect(await choose({ env: env(adapter) })).toMatchObject({ device: 'wasm' });
		}
	});

	it('a forced WebGPU runs on a software adapter and says so; with no adapter it runs on WebAssembly', async () => {
		const software = await choose({ preference: 'webgpu', env: env(unflaggedSwiftshader) });
		expect(software).toMatchObject({ device: 'webgpu', adapterNotice: 'forced software swiftshader' });
		expect(await choose({ preference: 'webgpu', env: env(null) })).toMatchObject({
			device: 'wasm',
			adapterNotice: 'forced without adapter'
		});
		expect(await choose({ preference: 'webgpu', env: env('throws') })).toMatchObject({ device: 'wasm' });
	});

	it('a forced backend ignores the measurement, and WebAssembly asks for no adapter at all', async () => {
		let requests = 0;
		const counting: BackendEnvironment = {
			...env(),
			gpu: { requestAdapter: async () => (requests++, realGpu) }
		};
		const measured = () => ({ device: 'wasm' as const, threads: 2, notice: 'measured' });
		expect(await choose({ preference: 'webgpu', env: counting, measured })).toMatchObject({
			device: 'webgpu',
			threads: 4,
			measured: null
		});
		expect(await choose({ preference: 'wasm', env: counting, measured })).toMatchObject({ device: 'wasm', threads: 4 });
		expect(requests).toBe(1);
	});

	it('says why Auto runs on WebAssembly when the browser has WebGPU but no adapter, and only then', async () => {
		expect((await choose({ env: env(null) })).adapterNotice).toBe('no adapter');
		expect((await choose({ env: env() })).adapterNotice).toBeUndefined();
	});

	it('threads set by hand win over measured ones; one thread, said, when the page is not isolated', async () => {
		const measured = () => ({ device: 'wasm' as const, threads: 2, notice: 'measured' });
		expect(await choose({ env: env(null), measured, requestedThreads: 3 })).toMatchObject({ threads: 3 });
		const notIsolated = await choose({ env: env(null, { crossOriginIsolated: false }), measured });
		expect(notIsolated).toMatchObject({
			threads: 1,
			threadsNotice: expect.stringMatching(/not cross-origin isolated/)
		});
	});
});
