// runProbe against stand-in workers speaking the real protocol, whose decode steps take fixed times per
// configuration and depth: what it loads, what it skips (a software adapter, configurations that cannot
// win), the fit it records, the choice, and cancel.
import { describe, expect, it } from 'vitest';
import type { WorkerLoadRequest } from '../engine/local/protocol';
import type { LlamaLoadRequest } from '../engine/llama/protocol';
import { fakeLlamaWorker, fakeWorker, llamaLoadResult } from '../engine/local/testing/fake-worker';
import { PLAIN_BUILD, type AdapterLike, type BackendEnvironment } from '../engine/local/backend';
import { runProbe } from './runner';

/** Workers whose step takes stepMs(config, layers); arrivals are spaced exactly that far apart. */
function workers(stepMs: (load: WorkerLoadRequest) => number, loads: WorkerLoadRequest[], onGenerate?: () => void) {
	return () => {
		let loaded: WorkerLoadRequest | null = null;
		return fakeWorker({
			prepare: () => ({ prepareMs: 1, reservedBytes: 0 }),
			load: (request) => {
				loaded = request;
				loads.push(request);
				return { loadMs: 1, loadKind: 'cold', build: request.build, threads: request.threads, notices: [] };
			},
			generate: (request) => {
				onGenerate?.();
				const step = stepMs(loaded!);
				const arrivalsMs = Array.from({ length: request.maxNewTokens }, (_, i) => 1000 + i * step);
				return {
					text: '',
					inputTokens: 2,
					outputTokens: request.maxNewTokens,
					tokenIds: [],
					arrivalsMs,
					finishReason: 'length'
				};
			},
			unload: () => ({ released: true }),
			stats: () => ({ liveSessions: 0, loads: 0 })
		});
	};
}

/** llama.cpp workers whose step takes stepMs(load, layers); `threadsGot` stands for what wllama started. */
function llamaWorkers(
	stepMs: (load: LlamaLoadRequest) => number,
	loads: LlamaLoadRequest[],
	threadsGot: (wanted: number) => number = (t) => t
) {
	return () => {
		let loaded: LlamaLoadRequest | null = null;
		return fakeLlamaWorker({
			load: (request) => {
				loaded = request;
				loads.push(request);
				return llamaLoadResult(request, {
					threads: threadsGot(request.threads),
					quant: request.model.twin?.quant.toUpperCase() ?? 'F32'
				});
			},
			generate: (request) => {
				const step = stepMs(loaded!);
				const arrivalsMs = Array.from({ length: request.maxNewTokens }, (_, i) => 1000 + i * step);
				return { text: '', inputTokens: 2, outputTokens: request.maxNewTokens, arrivalsMs, finishReason: 'length' };
			},
			unload: () => ({ released: true }),
			stats: () => ({ liveModels: 0, loads: 0 })
		});
	};
}

const layersOf = (load: WorkerLoadRequest) => (load.location.kind === 'twin' ? load.location.shape.numLayers : 0);
const swiftshader: AdapterLike = {
	features: new Set(),
	info: { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true }
};
const env = (adapter?: AdapterLike): BackendEnvironment => ({
	hardwareConcurrency: 2,
	crossOriginIsolated: true,
	userAgent: 'test',
	gpu: adapter ? { requestAdapter: async () => adapter } : undefined
});

describe('runProbe', () => {
	it("times few-layer twins of the model's width on wasm only beside a software adapter, fits the depth line and picks the fastest", async () => {
		const loads: WorkerLoadRequest[] = [];
		// Per layer 1 ms; fixed part by precision, and a second thread halves everything for q8 only.
		const fixed: Record<string, number> = { q8: 10, fp32: 20, q4: 100 };
		const step = (l: WorkerLoadRequest) =>
			(fixed[l.dtype]! + layersOf(l)) / (l.dtype === 'q8' && l.threads === 2 ? 2 : 1);
		const result = await runProbe({
			source: { kind: 'twin', shape: 'smollm2-135m' },
			runtimes: ['onnxruntime-web'],
			environment: env(swiftshader),
			createWorkers: { 'onnxruntime-web': workers(step, loads) }
		});

		expect(loads.every((l) => l.device === 'wasm' && l.build === PLAIN_BUILD && l.location.kind === 'twin')).toBe(true);
		const location = loads[0]?.location;
		const twin = location?.kind === 'twin' ? location.shape : null;
		expect(twin).toMatchObject({ hiddenSize: 576, numHeads: 9, vocabSize: 49152 });
		expect(new Set(loads.map(layersOf))).toEqual(new Set([1, 4]));

		const q8Two = result.measurements.find((m) => m.dtype === 'q8' && m.threads === 2)!;
		expect(q8Two.timings).toEqual([
			{ layers: 1, stepMs: 5.5 },
			{ layers: 4, stepMs: 7 }
		]);
		expect(q8Two.estimatedStepMs).toBeCloseTo((10 + 30) / 2, 9);
		expect(result.choice).toMatchObject({ device: 'wasm', dtype: 'q8', threads: 2 });
		expect(result).toMatchObject({
			shape: 'smollm2-135m',
			layers: 30,
			depths: [1, 4],
			adapter: { architecture: 'swiftshader' }
		});
		// fp32 (50 ms) and q4 (130 ms) on 1 thread are more than 2x the best (q8, 2 threads: 20 ms): their
		// 2-thread runs could not win and are never loaded.
		expect(loads.some((l) => l.dtype !== 'q8' && l.threads === 2)).toBe(false);
		expect(result.skipped).toEqual([
			{ device: 'webgpu', reason: 'software adapter (google swiftshader)' },
			{
				runtime: 'onnxruntime-web',
				device: 'wasm',
				dtype: 'fp32',
				threads: 2,
				reason: '2.5x slower than the best on 1 thread, more than 2 threads can make up'
			},
			{
				runtime: 'onnxruntime-web',
				device: 'wasm',
				dtype: 'q4',
				threads: 2,
				reason: '6.5x slower than the best on 1 thread, more than 2 threads can make up'
			}
		]);
		expect(result.reason).toMatch(
			/^WebAssembly q8, 2 threads: 50\.0 tok\/s \(est\.\); WebAssembly q8, 1 thread: 25\.0 tok\/s;/
		);
	});

	it('measures again when n threads seem to make a layer more than n times cheaper, and leaves out one that stays so', async () => {
		// q8 on 1 thread: 10 ms + 1 ms a layer. On 2 threads the first timing fits 0.1 ms a layer (noise: two threads
		// cannot make a layer ten times cheaper); the second fits 0.5 ms, which is what two threads can do.
		const fixed: Record<string, number> = { q8: 10, fp32: 200, q4: 400 };
		const twoThreadSlopes = (slopes: number[]) => {
			let call = 0;
			return (l: WorkerLoadRequest) => {
				if (l.threads === 1) return fixed[l.dtype]! + layersOf(l);
				// Each configuration loads its two depths in turn: one pair of loads is one measurement.
				const slope = slopes[Math.min(Math.floor(call++ / 2), slopes.length - 1)]!;
				return 5 + slope * layersOf(l);
			};
		};
		const run = (step: (l: WorkerLoadRequest) => number) =>
			runProbe({
				source: { kind: 'twin', shape: 'smollm2-135m' },
				runtimes: ['onnxruntime-web'],
				environment: env(),
				createWorkers: { 'onnxruntime-web': workers(step, []) }
			});

		const settled = await run(twoThreadSlopes([0.1, 0.5]));
		const q8Two = settled.measurements.find((m) => m.dtype === 'q8' && m.threads === 2)!;
		expect(q8Two.perLayerMs).toBeCloseTo(0.5, 9);
		expect(settled.choice).toMatchObject({ dtype: 'q8', threads: 2 });

		const noisy = await run(twoThreadSlopes([0.1]));
		expect(noisy.measurements.some((m) => m.dtype === 'q8' && m.threads === 2)).toBe(false);
		expect(noisy.skipped).toContainEqual(
			expect.objectContaining({ dtype: 'q8', threads: 2, reason: expect.stringMatching(/^too noisy to fit/) })
		);
		expect(noisy.choice).toMatchObject({ dtype: 'q8', threads: 1 });
	});

	it('times llama.cpp on GGUF twins beside ONNX Runtime, prunes and fits each runtime alike, and records the runtime of every row', async () => {
		const ortLoads: WorkerLoadRequest[] = [];
		const llamaLoads: LlamaLoadRequest[] = [];
		const ortFixed: Record<string, number> = { q8: 10, fp32: 20, q4: 100 };
		const ortStep = (l: WorkerLoadRequest) => (ortFixed[l.dtype]! + layersOf(l)) / l.threads;
		// llama.cpp: Q4_0 4 ms + 0.5 ms a layer, Q8_0 6 + 0.5, F32 30 + 1; a second thread halves each.
		const llamaCost: Record<string, [number, number]> = { q4_0: [4, 0.5], q8_0: [6, 0.5], f32: [30, 1] };
		const llamaStep = (l: LlamaLoadRequest) => {
			const [fixed, perLayer] = llamaCost[l.model.twin!.quant]!;
			return (fixed + perLayer * l.model.twin!.shape.numLayers) / l.threads;
		};
		const result = await runProbe({
			source: { kind: 'twin', shape: 'smollm2-135m' },
			environment: env(swiftshader),
			createWorkers: { 'onnxruntime-web': workers(ortStep, ortLoads), 'llama.cpp': llamaWorkers(llamaStep, llamaLoads) }
		});

		// The GGUF twins are generated in the worker (no URL, nothing fetched) at the probe's depths and the model's width.
		expect(llamaLoads.every((l) => l.model.urls.length === 0 && l.model.twin?.seed === 1 && !l.webgpu)).toBe(true);
		expect(new Set(llamaLoads.map((l) => l.model.twin!.shape.numLayers))).toEqual(new Set([1, 4]));
		expect(llamaLoads[0]!.model.twin!.shape).toMatchObject({ hiddenSize: 576, numHeads: 9, vocabSize: 49152 });
		expect(new Set(llamaLoads.map((l) => l.model.twin!.quant))).toEqual(new Set(['q4_0', 'q8_0', 'f32']));

		const q4Two = result.measurements.find((m) => m.runtime === 'llama.cpp' && m.dtype === 'q4' && m.threads === 2)!;
		expect(q4Two.timings).toEqual([
			{ layers: 1, stepMs: 2.25 },
			{ layers: 4, stepMs: 3 }
		]);
		expect(q4Two.fixedMs).toBeCloseTo(2, 9);
		expect(q4Two.perLayerMs).toBeCloseTo(0.25, 9);
		expect(q4Two.estimatedStepMs).toBeCloseTo(2 + 0.25 * 30, 9);
		expect(result.choice).toMatchObject({ runtime: 'llama.cpp', device: 'wasm', dtype: 'q4', threads: 2 });
		expect(result.runtimes).toEqual(['onnxruntime-web', 'llama.cpp']);
		// ONNX Runtime's rows are as fast as before and keep their runtime.
		expect(
			result.measurements.find((m) => m.runtime === 'onnxruntime-web' && m.dtype === 'q8' && m.threads === 2)
		).toMatchObject({
			estimatedStepMs: 20
		});
		expect(ortLoads.every((l) => l.location.kind === 'twin')).toBe(true);

		// Pruning compares within a runtime: ONNX Runtime fp32 / q4 against its own best (q8, 20 ms), llama.cpp
		// F32 (60 ms on 1 thread) against llama.cpp's (Q4_0, 9.5 ms); so F32 on 2 threads never loads.
		expect(llamaLoads.some((l) => l.model.twin!.quant === 'f32' && l.threads === 2)).toBe(false);
		expect(result.skipped).toContainEqual({
			runtime: 'llama.cpp',
			device: 'wasm',
			dtype: 'fp32',
			threads: 2,
			reason: '6.3x slower than the best on 1 thread, more than 2 threads can make up'
		});
		expect(result.skipped).toContainEqual({
			runtime: 'onnxruntime-web',
			device: 'wasm',
			dtype: 'fp32',
			threads: 2,
			reason: '2.5x slower than the best on 1 thread, more than 2 threads can make up'
		});
		// Q8_0 on 1 thread (21 ms) is more than twice llama.cpp's best: its 2-thread run cannot win either.
		expect(result.skipped).toContainEqual({
			runtime: 'llama.cpp',
			device: 'wasm',
			dtype: 'q8',
			threads: 2,
			reason: '2.2x slower than the best on 1 thread, more than 2 threads can make up'
		});
		expect(result.reason).toMatch(
			/^llama\.cpp Q4_0, 2 threads: 105 tok\/s \(est\.\); llama\.cpp Q4_0, 1 thread: 52\.6 tok\/s; WebAssembly q8, 2 threads: 50\.0 tok\/s;/
		);
	});

	it('leaves out a llama.cpp configuration that did not get the threads it asked for', async () => {
		const result = await runProbe({
			source: { kind: 'default' },
			runtimes: ['llama.cpp'],
			environment: env(),
			createWorkers: {
				'llama.cpp': llamaWorkers(
					(l) => 1 + l.model.twin!.shape.numLayers,
					[],
					() => 1
				)
			}
		});
		expect(result.measurements.map((m) => [m.runtime, m.dtype, m.threads])).toEqual([
			['llama.cpp', 'q4', 1],
			['llama.cpp', 'q8', 1],
			['llama.cpp', 'fp32', 1]
		]);
		expect(result.skipped).toContainEqual({
			runtime: 'llama.cpp',
			device: 'wasm',
			dtype: 'q4',
			threads: 2,
			reason: expect.stringMatching(/^failed: llama\.cpp started 1 thread where 2 were asked for/)
		});
	});

	it('measures a configuration again when a deeper twin came out faster (noise), and leaves it out if that persists', async () => {
		const loads: WorkerLoadRequest[] = [];
		const timedLoads = (l: WorkerLoadRequest) =>
			loads.filter((x) => x.dtype === l.dtype && x.threads === l.threads).length;
		// q8 on 1 thread: inverted on its first measurement only; fp32 on 1 thread: always inverted.
		const step = (l: WorkerLoadRequest) => {
			const inverted =
				(l.dtype === 'q8' && l.threads === 1 && timedLoads(l) <= 2) || (l.dtype === 'fp32' && l.threads === 1);
			return inverted ? 20 - layersOf(l) : 10 + layersOf(l);
		};
		const result = await runProbe({
			source: { kind: 'default' },
			runtimes: ['onnxruntime-web'],
			environment: { ...env(), hardwareConcurrency: 1 },
			createWorkers: { 'onnxruntime-web': workers(step, loads) }
		});
		expect(result.measurements.find((m) => m.dtype === 'q8')).toMatchObject({ threads: 1, perLayerMs: 1, fixedMs: 10 });
		expect(result.measurements.some((m) => m.dtype === 'fp32')).toBe(false);
		expect(result.skipped).toContainEqual({
			runtime: 'onnxruntime-web',
			device: 'wasm',
			dtype: 'fp32',
			threads: 1,
			reason: 'too noisy to fit (19.00 ms at 1 layer, 16.00 ms at 4 layers, measured twice)'
		});
	});

	// Cancelled during the first decode: llama.cpp's is its load's one-token warm-up (one twin loaded), ONNX
	// Runtime's the first pass after both depths loaded. The run rejects, saying so, and nothing more loads.
	it.each([
		{
			runtime: 'llama.cpp',
			loaded: 1,
			workers: (cancel: () => void, loads: unknown[]) => llamaWorkers(() => (cancel(), 1), loads as LlamaLoadRequest[])
		},
		{
			runtime: 'onnxruntime-web',
			loaded: 2,
			workers: (cancel: () => void, loads: unknown[]) => workers(() => 1, loads as WorkerLoadRequest[], cancel)
		}
	])('stops when cancelled while $runtime is timed, and says so', async ({ runtime, loaded, workers: make }) => {
		const controller = new AbortController();
		const loads: unknown[] = [];
		const run = runProbe({
			source: { kind: 'default' },
			runtimes: [runtime],
			environment: env(),
			signal: controller.signal,
			createWorkers: { [runtime]: make(() => controller.abort(), loads) }
		});
		await expect(run).rejects.toMatchObject({
			name: 'ProbeCancelledError',
			message: expect.stringMatching(/cancelled/)
		});
		expect(loads).toHaveLength(loaded);
	});
});
