// LlamaCppEngine's choice of backend and threads against a stand-in worker speaking the real protocol:
// Auto follows what the device probe measured (through autoChoice) over the rule that a real adapter
// means WebGPU, threads set by hand still win, and a twin is handed to the worker instead of URLs.
import { describe, expect, it } from 'vitest';
import { fakeLlamaWorker, llamaLoadResult } from '../local/testing/fake-worker';
import type { AdapterLike, BackendEnvironment } from '../local/backend';
import { SHAPES } from '../../models/synthetic/shapes';
import { LlamaCppEngine, type LlamaCppEngineOptions } from './llama-engine';
import type { LlamaLoadRequest } from './protocol';

const realGpu: AdapterLike = {
	features: new Set(),
	info: { vendor: 'nvidia', architecture: 'ampere', isFallbackAdapter: false }
};
const env: BackendEnvironment = {
	hardwareConcurrency: 4,
	crossOriginIsolated: true,
	userAgent: 'test',
	gpu: { requestAdapter: async () => realGpu }
};

function engine(options: Partial<LlamaCppEngineOptions>, loads: LlamaLoadRequest[]) {
	return new LlamaCppEngine({
		urls: ['/models/edgewise-tiny/model-q4_0.gguf'],
		model: { id: 'edgewise-tiny' },
		backend: 'auto',
		wasmUrl: '/wllama.wasm',
		environment: env,
		createWorker: () =>
			fakeLlamaWorker({
				load: (request) => {
					loads.push(request);
					return llamaLoadResult(request, {
						quant: 'Q4_0',
						chatTemplate: false,
						gpuLayers: request.webgpu ? 3 : 0,
						build:
							request.build === 'wllama' || request.webgpu
								? { name: 'wllama', label: 'llama.cpp · wllama 3.13.0', source: 'wllama', simd: 'generic' }
								: {
										name: 'edgewise',
										label: 'llama.cpp · Edgewise build · relaxed SIMD',
										source: 'c392e5094deaf2d1a7c18683214f007fad3fe42b',
										simd: 'relaxed'
									}
					});
				},
				generate: () => ({ text: '', inputTokens: 1, outputTokens: 0, arrivalsMs: [], finishReason: 'stop' }),
				unload: () => ({ released: true }),
				stats: () => ({ liveModels: 0, loads: 0 })
			}),
		...options
	});
}

describe('LlamaCppEngine backend and threads', () => {
	it('by rule, Auto takes a real adapter and every thread the page allows (up to 4)', async () => {
		const loads: LlamaLoadRequest[] = [];
		const e = engine({}, loads);
		await e.load();
		expect(loads[0]).toMatchObject({ webgpu: true, threads: 4 });
		expect(e.describe()).toMatchObject({ backend: 'webgpu' });
	});

	it("Auto follows the probe's measurement: WebAssembly on its threads, even beside a real adapter, and says so", async () => {
		const loads: LlamaLoadRequest[] = [];
		const adapters: unknown[] = [];
		const notice = 'Auto: llama.cpp Q4_0, 2 threads measured fastest for q4 on this device (40 tok/s, est.).';
		const e = engine(
			{ autoChoice: (adapter) => (adapters.push(adapter), { device: 'wasm', threads: 2, notice }) },
			loads
		);
		await e.load();
		expect(loads[0]).toMatchObject({ webgpu: false, threads: 2 });
		expect(e.describe()).toMatchObject({ backend: 'wasm', threads: 2 });
		expect(e.describe().notices).toContain(notice);
		// The probe's key needs the adapter, so the lookup gets it.
		expect(adapters).toEqual([{ vendor: 'nvidia', architecture: 'ampere', isFallbackAdapter: false }]);
	});

	it('threads chosen by hand win over the measured ones; a forced backend ignores the measurement', async () => {
		const loads: LlamaLoadRequest[] = [];
		const choice = () => ({ device: 'wasm' as const, threads: 2, notice: 'measured' });
		await engine({ autoChoice: choice, threads: 3 }, loads).load();
		const forced = engine({ autoChoice: choice, backend: 'webgpu' }, loads);
		await forced.load();
		expect(loads.map((l) => [l.webgpu, l.threads])).toEqual([
			[false, 3],
			[true, 4]
		]);
		expect(forced.describe().notices).not.toContain('measured');
	});

	it('asks for the Auto build by default and records the build that ran, with its source and SIMD kernels', async () => {
		const loads: LlamaLoadRequest[] = [];
		const e = engine({ backend: 'wasm', threads: 1 }, loads);
		await e.load();
		expect(loads[0]?.build).toBe('auto');
		expect(e.describe()).toMatchObject({
			build: 'edgewise-relaxed-c392e509',
			runtime: { build: { name: 'edgewise', label: 'llama.cpp · Edgewise build · relaxed SIMD', simd: 'relaxed' } }
		});
		const stock = engine({ backend: 'wasm', threads: 1, build: 'wllama' }, loads);
		await stock.load();
		expect(loads[1]?.build).toBe('wllama');
		expect(stock.describe()).toMatchObject({ build: 'wllama-3.13.0', runtime: { build: { name: 'wllama' } } });
	});

	it('hands a twin to the worker to generate in memory, with no URL to fetch', async () => {
		const loads: LlamaLoadRequest[] = [];
		const twin = { shape: SHAPES.tiny, quant: 'q8_0' as const, seed: 1 };
		await engine({ urls: [], twin, backend: 'wasm', threads: 1 }, loads).load();
		expect(loads[0]?.model).toEqual({ urls: [], twin });
	});
});
