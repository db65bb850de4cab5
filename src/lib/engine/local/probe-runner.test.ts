// runProbe against stand-in workers speaking the real protocol, whose decode steps take fixed times per
// configuration and depth: what it loads, what it skips (a software adapter, configurations that cannot
// win), the fit it records, the choice, and cancel.
import { describe, expect, it } from 'vitest';
import type { WorkerLoadRequest } from './protocol';
import { fakeWorker, wasmPaths } from './testing/fake-worker';
import { PLAIN_BUILD, type AdapterLike, type BackendEnvironment } from './backend';
import { runProbe } from './probe-runner';

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
			wasmPaths,
			environment: env(swiftshader),
			createWorker: workers(step, loads)
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
				device: 'wasm',
				dtype: 'fp32',
				threads: 2,
				reason: '2.5x slower than the best on 1 thread, more than 2 threads can make up'
			},
			{
				device: 'wasm',
				dtype: 'q4',
				threads: 2,
				reason: '6.5x slower than the best on 1 thread, more than 2 threads can make up'
			}
		]);
		expect(result.reason).toMatch(
			/^WebAssembly q8, 2 threads: 50 tok\/s \(est\.\); WebAssembly q8, 1 thread: 25 tok\/s;/
		);
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
			wasmPaths,
			environment: { ...env(), hardwareConcurrency: 1 },
			createWorker: workers(step, loads)
		});
		expect(result.measurements.find((m) => m.dtype === 'q8')).toMatchObject({ threads: 1, perLayerMs: 1, fixedMs: 10 });
		expect(result.measurements.some((m) => m.dtype === 'fp32')).toBe(false);
		expect(result.skipped).toContainEqual({
			device: 'wasm',
			dtype: 'fp32',
			threads: 1,
			reason: 'too noisy to fit (19.00 ms at 1 layer, 16.00 ms at 4 layers, measured twice)'
		});
	});

	it('stops when cancelled and says so', async () => {
		const controller = new AbortController();
		const run = runProbe({
			source: { kind: 'default' },
			wasmPaths,
			environment: env(),
			signal: controller.signal,
			createWorker: workers(
				() => 1,
				[],
				() => controller.abort()
			)
		});
		await expect(run).rejects.toMatchObject({
			name: 'ProbeCancelledError',
			message: expect.stringMatching(/cancelled/)
		});
	});
});
