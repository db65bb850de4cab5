// The probe's arithmetic from fixed timings: the depth fit, the extrapolation, the pruning bound, the
// plan (never a software adapter) and the choice with its reason.
import { describe, expect, it } from 'vitest';
import { ProbeReportSchema } from '../bench/schema';
import { SHAPES } from '../models/synthetic/shapes';
import { STORIES260K_SHAPE } from '../models/builtin';
import {
	canStillWin,
	chooseFastest,
	decodePassesFor,
	decodeStepsFor,
	estimate,
	fastestFor,
	fastestOn,
	fitPerLayer,
	implausiblePerLayer,
	medianStepMs,
	planProbe,
	probeShapeFor,
	probeTwin,
	type ProbeResult
} from './plan';
import { describeConfig, probeReason, probeSummary } from './wording';
import { probedRuntimes } from '../runtimes';

describe('fitPerLayer and estimate', () => {
	it.each([
		// 1 layer: 12 ms, 2 layers: 14 ms -> a = 10 ms (embedding, head, overhead), b = 2 ms per layer.
		{ why: 'through two depths', at1: 12, at2: 14, fit: { fixedMs: 10, perLayerMs: 2 } },
		{
			why: 'a negative slope is noise: layers free, fixed cost the mean step',
			at1: 10,
			at2: 9,
			fit: { fixedMs: 9.5, perLayerMs: 0 }
		}
	])('fits t = a + b * layers $why', ({ at1, at2, fit }) => {
		expect(
			fitPerLayer([
				{ layers: 1, stepMs: at1 },
				{ layers: 2, stepMs: at2 }
			])
		).toEqual(fit);
	});

	it('extrapolates the fit to the full depth', () => {
		const m = estimate(
			{ runtime: 'onnxruntime-web', device: 'wasm', dtype: 'q8', threads: 2 },
			[
				{ layers: 1, stepMs: 12 },
				{ layers: 2, stepMs: 14 }
			],
			30
		);
		expect(m.estimatedStepMs).toBe(70);
		expect(m.estimatedTokensPerS).toBeCloseTo(1000 / 70, 9);
	});

	it('uses least squares over more than two depths', () => {
		const fit = fitPerLayer([
			{ layers: 1, stepMs: 11 },
			{ layers: 2, stepMs: 14 },
			{ layers: 3, stepMs: 15 }
		]);
		expect(fit.perLayerMs).toBeCloseTo(2, 9);
		// The line passes through the means (2 layers, 40/3 ms).
		expect(fit.fixedMs).toBeCloseTo(28 / 3, 9);
	});

	it('times a step as the median gap between token arrivals (one slow step, e.g. a GC pause, does not count)', () => {
		expect(medianStepMs([0, 100, 103, 105, 109])).toBe(3.5);
		expect(medianStepMs([0, 100, 103, 105])).toBe(3);
		expect(medianStepMs([5])).toBeNaN();
	});

	it('times enough steps for about 150 ms of decoding, between 8 and 128', () => {
		expect(decodeStepsFor(30)).toBe(8);
		expect(decodeStepsFor(10)).toBe(15);
		expect(decodeStepsFor(0.5)).toBe(128);
		expect(decodeStepsFor(Number.NaN)).toBe(128);
	});

	it('repeats short passes (the fastest counts) but not one that already takes long', () => {
		expect(decodePassesFor(1, 128)).toBe(3);
		expect(decodePassesFor(60, 8)).toBe(1);
	});
});

describe('planProbe', () => {
	const env = { hardwareConcurrency: 2, crossOriginIsolated: true, maxThreads: 4 };

	it('times wasm at 1 thread and at the most threads, and WebGPU only on a real adapter', () => {
		const ort = 'onnxruntime-web';
		const onnx = { id: ort, webgpuThreads: 'one' } as const;
		expect(planProbe(env, { vendor: 'nvidia', architecture: 'ampere', software: false }, [onnx])).toEqual({
			groups: [
				{ runtime: ort, device: 'wasm', threads: 1 },
				{ runtime: ort, device: 'wasm', threads: 2 },
				{ runtime: ort, device: 'webgpu', threads: 1 }
			],
			skipped: []
		});
		expect(planProbe({ ...env, hardwareConcurrency: 16 }, null, [onnx]).groups).toEqual([
			{ runtime: ort, device: 'wasm', threads: 1 },
			{ runtime: ort, device: 'wasm', threads: 4 }
		]);
	});

	it('skips a software adapter and says so, and a page without isolation gets one thread', () => {
		const plan = planProbe(
			{ ...env, crossOriginIsolated: false },
			{ vendor: 'google', architecture: 'swiftshader', software: true },
			probedRuntimes().map((r) => ({ id: r.id, webgpuThreads: r.probe!.webgpuThreads }))
		);
		// Both registered runtimes, each on the one thread the page allows.
		expect(plan.groups).toEqual([
			{ runtime: 'onnxruntime-web', device: 'wasm', threads: 1 },
			{ runtime: 'llama.cpp', device: 'wasm', threads: 1 }
		]);
		expect(plan.skipped).toEqual([
			{ device: 'wasm', reason: 'more than 1 thread: the page is not cross-origin isolated' },
			{ device: 'webgpu', reason: 'software adapter (google swiftshader)' }
		]);
	});

	it('prunes what cannot win: threads speed a step up at most that many times', () => {
		expect(canStillWin(40, 2, 20)).toBe(true);
		expect(canStillWin(41, 2, 20)).toBe(false);
	});
});

describe('the choice and its reason', () => {
	const flat = (device: 'wasm' | 'webgpu', dtype: 'fp32' | 'q8' | 'q4', threads: number, ms: number) =>
		estimate(
			{ runtime: 'onnxruntime-web', device, dtype, threads },
			[
				{ layers: 1, stepMs: ms },
				{ layers: 2, stepMs: ms }
			],
			30
		);
	const measurements = [
		flat('wasm', 'q8', 1, 40),
		flat('wasm', 'q8', 2, 25),
		flat('wasm', 'fp32', 2, 30),
		flat('wasm', 'q4', 1, 400)
	];

	it('picks the fastest, optionally among the dtypes a model has', () => {
		expect(chooseFastest(measurements)).toMatchObject({ device: 'wasm', dtype: 'q8', threads: 2 });
		expect(chooseFastest(measurements, ['q4', 'fp32'])).toMatchObject({ dtype: 'fp32', threads: 2 });
		expect(chooseFastest([])).toBeNull();
	});

	it('finds the fastest way to run one precision, leaving out WebGPU where it is not allowed', () => {
		const result = { measurements: [...measurements, flat('webgpu', 'q4', 1, 5)] } as ProbeResult;
		expect(fastestFor(result, 'q4', { webgpu: true }, 'onnxruntime-web')).toMatchObject({ device: 'webgpu' });
		expect(fastestFor(result, 'q4', { webgpu: false }, 'onnxruntime-web')).toMatchObject({
			device: 'wasm',
			threads: 1
		});
		expect(fastestFor(result, 'fp16', { webgpu: true }, 'onnxruntime-web')).toBeNull();
	});

	it('says why: every configuration, fastest first, then what was skipped', () => {
		const reason = probeReason({
			measurements,
			choice: chooseFastest(measurements),
			skipped: [
				{ device: 'webgpu', reason: 'software adapter (google swiftshader)' },
				{
					device: 'wasm',
					dtype: 'q4',
					threads: 2,
					reason: '10x slower than the best on 1 thread, more than 2 threads can make up'
				}
			]
		});
		expect(reason).toBe(
			'WebAssembly q8, 2 threads: 40.0 tok/s (est.); WebAssembly fp32, 2 threads: 33.3 tok/s; WebAssembly q8, 1 thread: 25.0 tok/s; ' +
				'WebAssembly q4, 1 thread: 2.5 tok/s; WebGPU: skipped, software adapter (google swiftshader); ' +
				'WebAssembly q4, 2 threads: skipped, 10x slower than the best on 1 thread, more than 2 threads can make up'
		);
		expect(describeConfig({ device: 'webgpu', dtype: 'q4', threads: 1 })).toBe('WebGPU q4');
		expect(
			probeSummary({
				measurements,
				choice: chooseFastest(measurements),
				skipped: [{ device: 'webgpu', reason: 'no WebGPU adapter' }]
			})
		).toBe('WebAssembly q8, 2 threads: 40.0 tok/s (est.), fastest of 4 measured; WebGPU: skipped, no WebGPU adapter');
	});

	it('names the runtime of every row, and the summary gives the best of the runtime that lost', () => {
		const llama = (dtype: 'q8' | 'q4', threads: number, ms: number) => ({
			...flat('wasm', dtype, threads, ms),
			runtime: 'llama.cpp' as const
		});
		const both = [...measurements, llama('q4', 2, 10), llama('q8', 1, 50)];
		expect(describeConfig(both[4]!)).toBe('llama.cpp Q4_0, 2 threads');
		expect(describeConfig({ runtime: 'llama.cpp', device: 'webgpu', dtype: 'q8', threads: 2 })).toBe(
			'llama.cpp Q8_0 on WebGPU'
		);
		const result = { measurements: both } as ProbeResult;
		// Each runtime's Auto looks at its own rows only.
		expect(fastestFor(result, 'q4', { webgpu: false }, 'onnxruntime-web')).toMatchObject({
			runtime: 'onnxruntime-web',
			threads: 1
		});
		expect(fastestFor(result, 'q4', { webgpu: false }, 'llama.cpp')).toMatchObject({
			runtime: 'llama.cpp',
			threads: 2
		});
		expect(fastestOn(result, 'llama.cpp', ['q8'])).toMatchObject({ dtype: 'q8', threads: 1 });
		expect(
			probeSummary({
				measurements: both,
				choice: chooseFastest(both),
				runtimes: ['onnxruntime-web', 'llama.cpp'],
				skipped: [{ device: 'webgpu', reason: 'no WebGPU adapter' }]
			})
		).toBe(
			'llama.cpp Q4_0, 2 threads: 100 tok/s (est.), fastest of 6 measured; ' +
				'fastest on ONNX Runtime: WebAssembly q8, 2 threads: 40.0 tok/s; WebGPU: skipped, no WebGPU adapter'
		);
		const ortWins = [...measurements, llama('q8', 2, 50)];
		expect(probeSummary({ measurements: ortWins, choice: chooseFastest(ortWins), skipped: [] })).toBe(
			'WebAssembly q8, 2 threads: 40.0 tok/s (est.), fastest of 5 measured; fastest on llama.cpp: Q8_0, 2 threads: 20.0 tok/s'
		);
		// A runtime that was timed but gave no figure says so.
		expect(
			probeSummary({
				measurements,
				choice: chooseFastest(measurements),
				runtimes: ['onnxruntime-web', 'llama.cpp'],
				skipped: []
			})
		).toBe('WebAssembly q8, 2 threads: 40.0 tok/s (est.), fastest of 4 measured; llama.cpp: nothing measured');
	});

	it('a whole result fits the device report schema', () => {
		const result: ProbeResult = {
			key: 'k',
			shape: 'tiny',
			layers: 2,
			depths: [1, 2],
			decodeSteps: 8,
			runtimes: ['onnxruntime-web'],
			measurements,
			skipped: [],
			choice: chooseFastest(measurements),
			reason: probeReason({ measurements, skipped: [], choice: null }),
			wallMs: 1234,
			measuredAt: new Date(0).toISOString(),
			adapter: null
		};
		expect(ProbeReportSchema.parse(result)).toEqual(result);
	});
});

describe('probe shapes', () => {
	it("probes the selected model's width: built-in, twins, catalog twins; unknown models at the built-in shape", () => {
		expect(probeShapeFor({ kind: 'default' })).toEqual({ shape: STORIES260K_SHAPE, exact: true });
		expect(probeShapeFor({ kind: 'default', id: 'edgewise-tiny' })).toEqual({ shape: SHAPES.tiny, exact: true });
		expect(probeShapeFor({ kind: 'twin', shape: 'smollm2-360m' }).shape).toBe(SHAPES['smollm2-360m']);
		expect(probeShapeFor({ kind: 'hub', id: 'HuggingFaceTB/SmolLM2-135M-Instruct' }).shape).toBe(
			SHAPES['smollm2-135m']
		);
		expect(probeShapeFor({ kind: 'hub', id: 'someone/unknown' })).toEqual({ shape: SHAPES.tiny, exact: false });
	});

	it('a probe twin keeps the width and vocabulary and changes only the depth and its id', () => {
		const { id, shape } = probeTwin(SHAPES['smollm2-135m'], 2);
		expect(id).toBe('twin/probe-smollm2-135m-l2-s1');
		expect(shape).toEqual({ ...SHAPES['smollm2-135m'], name: 'probe-smollm2-135m-l2', numLayers: 2 });
	});
});

describe('implausiblePerLayer', () => {
	it('takes n threads making a layer much more than n times cheaper as noise', () => {
		expect(implausiblePerLayer(0.048, 1.2, 2)).toBe(true);
		expect(implausiblePerLayer(0.5, 1, 2)).toBe(false);
		// Within the margin for caches: 2 threads at 0.4 of the one-thread cost.
		expect(implausiblePerLayer(0.4, 1, 2)).toBe(false);
		expect(implausiblePerLayer(0.1, 1, 1)).toBe(false);
		expect(implausiblePerLayer(0.1, 0, 2)).toBe(false);
	});
});
