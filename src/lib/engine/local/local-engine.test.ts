// LocalEngine's page-side logic against a stand-in worker speaking the real protocol: token events,
// errors as results, and the WebGPU device-lost fallback to wasm with a visible notice.
import { describe, expect, it } from 'vitest';
import { LocalEngine, type LocalEngineOptions } from './local-engine';
import type { LocalProtocol, WorkerLoadRequest } from './protocol';
import { fakeWorker, wasmPaths } from './testing/fake-worker';
import type { RpcHandlers } from '../worker-rpc';
import { DeviceLostError } from './load-errors';
import { ASYNCIFY_BUILD, PLAIN_BUILD } from './backend';

const loadResult = (request: WorkerLoadRequest) => ({
	loadMs: 5,
	loadKind: 'cold' as const,
	bytes: 10,
	build: request.build,
	threads: request.device === 'wasm' ? request.threads : 1,
	notices: []
});

const prepareResult = () => ({ prepareMs: 3, reservedBytes: 0 });
const unused = () => {
	throw new Error('not used');
};

/** A wasm engine on one core whose stand-in worker answers with `handlers` (defaults: plain successes). */
function engineWith(
	handlers: Partial<RpcHandlers<LocalProtocol>>,
	options: Partial<LocalEngineOptions> = {},
	onWorker = () => {}
): LocalEngine {
	return new LocalEngine({
		model: { kind: 'default' },
		backend: 'wasm',
		dtype: 'q8',
		wasmPaths,
		environment: { hardwareConcurrency: 1, crossOriginIsolated: false },
		createWorker: () => {
			onWorker();
			return fakeWorker({
				prepare: prepareResult,
				load: loadResult,
				generate: unused,
				unload: () => ({ released: true }),
				stats: () => ({ liveSessions: 1, loads: 1 }),
				...handlers
			});
		},
		...options
	});
}

// A real GPU: Auto never picks a software adapter (backend.test.ts).
const gpuEnvironment = {
	gpu: {
		requestAdapter: async () => ({ features: new Set<string>(), info: { vendor: 'nvidia', architecture: 'ampere' } })
	},
	hardwareConcurrency: 2,
	crossOriginIsolated: true
};

describe('LocalEngine (page side)', () => {
	it('falls back to wasm when the WebGPU device is lost, says so, and still answers', async () => {
		const loads: WorkerLoadRequest[] = [];
		let workers = 0;
		const engine = new LocalEngine({
			model: { kind: 'default' },
			backend: 'auto',
			dtype: 'q4',
			wasmPaths,
			environment: gpuEnvironment,
			createWorker: () => {
				workers++;
				return fakeWorker({
					prepare: prepareResult,
					load: (request) => (loads.push(request), loadResult(request)),
					generate: (request, ctx) => {
						if (loads.at(-1)!.device === 'webgpu') throw new DeviceLostError('GPU process crashed');
						ctx.progress({
							startIndex: 0,
							texts: ['a', 'b'],
							tokenIds: [7, 8],
							timesMs: [request.requestMs + 1, request.requestMs + 2]
						});
						return {
							text: 'ab',
							inputTokens: 3,
							outputTokens: 2,
							tokenIds: [7, 8],
							arrivalsMs: [1, 2],
							finishReason: 'length'
						};
					},
					unload: () => ({ released: true }),
					stats: () => ({ liveSessions: 1, loads: loads.length })
				});
			}
		});
		await engine.load();
		expect(engine.describe()).toMatchObject({
			backend: 'webgpu',
			adapter: { vendor: 'nvidia', architecture: 'ampere' }
		});

		const tokens: string[] = [];
		const result = await engine.generate(
			{ input: { mode: 'completion', prompt: 'x' }, maxNewTokens: 2, temperature: 0 },
			{ onToken: (t) => tokens.push(`${t.index}:${t.text}:${t.tokenIds}`) }
		);
		expect(result).toMatchObject({ text: 'ab', outputTokens: 2, tokensSource: 'tokenizer', finishReason: 'length' });
		expect(tokens).toEqual(['0:a:7', '1:b:8']);
		expect(loads.map((l) => [l.device, l.threads, l.build, l.wasmPaths.mjs])).toEqual([
			['webgpu', 1, ASYNCIFY_BUILD, '/asyncify.mjs'],
			['wasm', 2, PLAIN_BUILD, '/plain.mjs']
		]);
		// A worker runs one ORT build: the switch to the plain build started a second worker.
		expect(workers).toBe(2);
		expect(engine.describe()).toMatchObject({ backend: 'wasm', threads: 2, build: PLAIN_BUILD });
		expect(engine.describe().notices).toEqual([
			'The WebGPU device was lost (GPU process crashed); switched to WebAssembly (2 threads).'
		]);
		await engine.dispose();
		await expect(engine.stats()).rejects.toMatchObject({ name: 'RpcClosedError' });
	});

	it('prepare starts the worker and runtime for the chosen build, and the load that follows uses that worker', async () => {
		const calls: string[] = [];
		let workers = 0;
		const engine = engineWith(
			{
				prepare: (request) => {
					calls.push(
						`prepare ${request.device} ${request.threads} ${request.build} ${request.wasmPaths.wasm} ${request.model?.location.id} ${request.model?.dtype}`
					);
					return prepareResult();
				},
				load: (request) => (
					calls.push(`load ${request.device} ${request.threads} ${request.build}`),
					loadResult(request)
				)
			},
			{ backend: 'auto', environment: { hardwareConcurrency: 2, crossOriginIsolated: true } },
			() => workers++
		);
		expect(await engine.prepare()).toEqual({ prepareMs: 3, reservedBytes: 0 });
		await engine.load();
		// The model and dtype go along: on wasm the worker reserves heap for that model's cached size.
		expect(calls).toEqual([
			'prepare wasm 2 ort-wasm-simd-threaded /plain.wasm stories260k q8',
			'load wasm 2 ort-wasm-simd-threaded'
		]);
		expect(workers).toBe(1);
		await engine.dispose();
	});

	it('a load after prepare reuses its backend choice: one WebGPU adapter request, not two', async () => {
		let adapterRequests = 0;
		const gpu = { requestAdapter: async () => (adapterRequests++, gpuEnvironment.gpu.requestAdapter()) };
		const engine = engineWith({}, { backend: 'auto', dtype: 'q4', environment: { ...gpuEnvironment, gpu } });
		await engine.prepare();
		await engine.load();
		expect(adapterRequests).toBe(1);
		expect(engine.describe()).toMatchObject({ backend: 'webgpu' });
		await engine.dispose();
	});

	it('a failed prepare costs nothing: prepare resolves null and load still works', async () => {
		const engine = engineWith({
			prepare: () => {
				throw new Error('wasm compile failed');
			}
		});
		const prepared = engine.prepare();
		const loaded = engine.load();
		expect(await prepared).toBeNull();
		expect(await loaded).toMatchObject({ loadKind: 'cold' });
		await engine.dispose();
	});

	it('reports a generation error in the result instead of throwing', async () => {
		const engine = engineWith({
			generate: () => {
				throw new RangeError('prompt too long for this model (max 2048 tokens)');
			}
		});
		await engine.load();
		const result = await engine.generate({
			input: { mode: 'completion', prompt: 'x' },
			maxNewTokens: 2,
			temperature: 0
		});
		expect(result.finishReason).toBe('error');
		expect(result.error).toEqual({ name: 'RangeError', message: 'prompt too long for this model (max 2048 tokens)' });
		await engine.dispose();
	});

	it('passes stop strings to the worker and says so when a seed cannot be applied', async () => {
		const seen: { stop?: string[] }[] = [];
		const engine = engineWith({
			generate: (request) => {
				seen.push({ stop: request.stop });
				return { text: 'a', inputTokens: 1, outputTokens: 1, tokenIds: [1], arrivalsMs: [1], finishReason: 'stop' };
			}
		});
		await engine.load();
		expect(engine.describe().honours).toEqual({ stop: true, seed: false, ignoreEos: true });
		const input = { mode: 'completion', prompt: 'x' } as const;
		const sampled = await engine.generate({ input, maxNewTokens: 4, temperature: 0.7, seed: 3, stop: ['\n'] });
		expect(seen).toEqual([{ stop: ['\n'] }]);
		expect(sampled.notices).toEqual([
			'This engine cannot seed its sampler; sampled output will differ from run to run.'
		]);
		// Greedy decoding does not use the seed: nothing to say.
		const greedy = await engine.generate({ input, maxNewTokens: 4, temperature: 0, seed: 3 });
		expect(greedy.notices).toBeUndefined();
		await engine.dispose();
	});
});
