// The run plumbing both on-device engines share, driven through a minimal engine of its own over a
// stand-in worker: arrivals become TokenEvents with the worker's times, the caller's signal cancels the
// run in the worker (and through the shared flag), a failure resolves as an error result, a recovered
// failure is tried once more, and unload / stats / loaded / hasChatTemplate follow the worker.
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineInfo, GenerateRequest, GenerationResult, LoadResult, TokenEvent } from '../types';
import type { HandlerContext, RpcHandlers } from '../worker-rpc';
import { fakeWorkerOf } from '../local/testing/fake-worker';
import type { ArrivalBatch, DeviceGenerateResult, DeviceProtocol, WorkerDecoding } from './protocol';
import { WorkerEngine, workerDecoding, type ChosenDevice } from './worker-engine';

type TestProtocol = DeviceProtocol<{
	load: {
		request: null;
		result: { loadMs: number; loadKind: 'cold'; threads: number; notices: string[]; chatTemplate?: boolean };
		progress: never;
	};
	generate: {
		request: WorkerDecoding & { interruptFlag?: SharedArrayBuffer };
		result: DeviceGenerateResult;
		progress: ArrivalBatch & { ids: number[] };
	};
	stats: { request: null; result: { live: number }; progress: never };
}>;

class TestEngine extends WorkerEngine<TestProtocol, ChosenDevice> {
	recoveries = 0;
	constructor(
		handlers: Partial<RpcHandlers<TestProtocol>>,
		private readonly recoverable = false
	) {
		super({
			createWorker: () =>
				fakeWorkerOf<TestProtocol>({
					load: () => ({ loadMs: 1, loadKind: 'cold', threads: 2, notices: [], chatTemplate: false }),
					generate: () => ({ text: '', inputTokens: 1, outputTokens: 0, arrivalsMs: [], finishReason: 'stop' }),
					unload: () => ({ released: true }),
					stats: () => ({ live: 1 }),
					...handlers
				}),
			workerName: 'test worker',
			engineName: 'test engine',
			honours: { stop: true, seed: false, ignoreEos: true },
			interruptFlag: true
		});
	}
	describe(): EngineInfo {
		return { ...this.deviceInfo(), label: 'test', model: { id: 'test' }, notices: [] };
	}
	async load(): Promise<LoadResult> {
		this.choice = { device: 'wasm', threads: 4 };
		this.loadedModel = await this.client().call('load', null);
		return { loadMs: 1, loadKind: 'cold' };
	}
	protected workerRequest(request: GenerateRequest, requestMs: number, interruptFlag?: SharedArrayBuffer) {
		return { ...workerDecoding(request, requestMs), interruptFlag };
	}
	protected tokenIdsAt(batch: ArrivalBatch & { ids: number[] }, i: number) {
		return [batch.ids[i]!];
	}
	protected finish(result: DeviceGenerateResult, _request: GenerateRequest, requestMs: number): GenerationResult {
		return { ...result, requestMs, tokensSource: 'tokenizer' };
	}
	protected override async recover(): Promise<boolean> {
		this.recoveries++;
		return this.recoverable && this.recoveries === 1;
	}
}

const request: GenerateRequest = {
	input: { mode: 'completion', prompt: 'Once' },
	maxNewTokens: 3,
	temperature: 0,
	seed: 7,
	stop: ['.']
};

/** A worker run that waits until the page cancels it (by message), then reports what it saw. */
function untilCancelled(seen: { flag?: Int32Array }) {
	return (payload: TestProtocol['generate']['request'], ctx: HandlerContext<unknown>) => {
		if (payload.interruptFlag) seen.flag = new Int32Array(payload.interruptFlag);
		return new Promise<DeviceGenerateResult>((resolve) => {
			const done = () =>
				resolve({ text: 'a', inputTokens: 1, outputTokens: 1, arrivalsMs: [5], finishReason: 'cancelled' });
			if (ctx.signal.aborted) done();
			else ctx.signal.addEventListener('abort', done);
		});
	};
}

const isolated = globalThis.crossOriginIsolated;
afterEach(() => {
	Object.defineProperty(globalThis, 'crossOriginIsolated', { value: isolated, configurable: true });
});

describe('WorkerEngine', () => {
	it("turns the worker's batches into TokenEvents with the worker's times, indices and ids", async () => {
		const sent: WorkerDecoding[] = [];
		const engine = new TestEngine({
			generate: (payload, ctx) => {
				sent.push(payload);
				ctx.progress({ startIndex: 0, texts: ['a'], timesMs: [10], ids: [7] });
				ctx.progress({ startIndex: 1, texts: ['b', 'c'], timesMs: [20, 30], ids: [8, 9] });
				return { text: 'abc', inputTokens: 1, outputTokens: 3, arrivalsMs: [10, 20, 30], finishReason: 'length' };
			}
		});
		const events: TokenEvent[] = [];
		const result = await engine.generate(request, { onToken: (event) => events.push(event) });
		expect(events).toEqual([
			{ text: 'a', tMs: 10, index: 0, tokenIds: [7] },
			{ text: 'b', tMs: 20, index: 1, tokenIds: [8] },
			{ text: 'c', tMs: 30, index: 2, tokenIds: [9] }
		]);
		expect(result).toMatchObject({ text: 'abc', finishReason: 'length', tokensSource: 'tokenizer' });
		// Only the decoding fields cross, each picked: the seed is the engine's to add.
		expect(sent[0]).toEqual({
			...request,
			seed: undefined,
			topP: undefined,
			ignoreEos: undefined,
			requestMs: result.requestMs,
			interruptFlag: undefined
		});
	});

	it("cancels the run in the worker when the caller's signal aborts, also one aborted before the call", async () => {
		const engine = new TestEngine({ generate: untilCancelled({}) });
		const controller = new AbortController();
		const running = engine.generate(request, { signal: controller.signal });
		setTimeout(() => controller.abort(), 5);
		expect(await running).toMatchObject({ finishReason: 'cancelled', text: 'a' });
		const aborted = AbortSignal.abort();
		expect(await engine.generate(request, { signal: aborted })).toMatchObject({ finishReason: 'cancelled' });
	});

	it('cancel() also raises the shared-memory flag on a cross-origin isolated page', async () => {
		Object.defineProperty(globalThis, 'crossOriginIsolated', { value: true, configurable: true });
		const seen: { flag?: Int32Array } = {};
		const engine = new TestEngine({ generate: untilCancelled(seen) });
		const running = engine.generate(request);
		await new Promise((resolve) => setTimeout(resolve, 5));
		expect(seen.flag?.[0]).toBe(0);
		engine.cancel();
		expect(seen.flag?.[0]).toBe(1);
		expect(await running).toMatchObject({ finishReason: 'cancelled' });
	});

	it('a failed run resolves as an error result with the name the worker gave it', async () => {
		class ModelGoneError extends Error {
			override name = 'ModelGoneError';
		}
		const engine = new TestEngine({
			generate: () => {
				throw new ModelGoneError('Load the model again.');
			}
		});
		const result = await engine.generate(request);
		expect(result).toEqual({
			text: '',
			requestMs: result.requestMs,
			arrivalsMs: [],
			inputTokens: null,
			outputTokens: 0,
			tokensSource: 'tokenizer',
			finishReason: 'error',
			error: { name: 'ModelGoneError', message: 'Load the model again.' }
		});
		expect(engine.recoveries).toBe(1);
	});

	it('a failure the engine recovers from is tried once more', async () => {
		let calls = 0;
		const engine = new TestEngine(
			{
				generate: () => {
					if (++calls === 1) throw new Error('lost');
					return { text: 'ok', inputTokens: 1, outputTokens: 1, arrivalsMs: [1], finishReason: 'stop' };
				}
			},
			true
		);
		expect(await engine.generate(request)).toMatchObject({ text: 'ok', finishReason: 'stop' });
		expect(calls).toBe(2);
	});

	it('loaded, hasChatTemplate, threads and stats follow the worker; unload forgets the model', async () => {
		const engine = new TestEngine({});
		expect([engine.loaded, engine.hasChatTemplate]).toEqual([false, null]);
		await engine.unload();
		await engine.load();
		expect([engine.loaded, engine.hasChatTemplate]).toEqual([true, false]);
		// What the worker started wins over what was asked for.
		expect(engine.describe()).toMatchObject({
			kind: 'local',
			placement: 'device',
			priced: false,
			backend: 'wasm',
			threads: 2
		});
		expect(await engine.stats()).toEqual({ live: 1 });
		await engine.unload();
		expect([engine.loaded, engine.describe().threads]).toEqual([false, 4]);
		await engine.dispose();
		await expect(engine.load()).rejects.toThrow(/disposed/);
	});
});
