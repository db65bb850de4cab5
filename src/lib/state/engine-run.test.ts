// EngineRun under test with a scripted engine whose token times are fixed: the text, the live metrics and
// the final metrics are what docs/DESIGN.md's definitions give for those times; rendering is batched.
import { describe, expect, it } from 'vitest';
import { DEVICE_TRAITS } from '../bench/testing/engine-traits';
import type { GenerateOptions, GenerateRequest, GenerationResult, InferenceEngine } from '../engine/types';
import { EngineRun } from './engine-run.svelte';
import type { FrameScheduler } from './frame-batcher';

const request: GenerateRequest = { input: { mode: 'completion', prompt: 'hi' }, maxNewTokens: 3, temperature: 0 };

/** Emits tokens at fixed epoch times; resolves, throws or cancels as told. */
function scriptedEngine(
	tokens: { text: string; tMs: number }[],
	end: 'stop' | 'throw' | 'abortable' = 'stop'
): InferenceEngine {
	return {
		kind: 'local',
		describe: () => ({
			kind: 'local',
			...DEVICE_TRAITS,
			label: 'scripted',
			model: { id: 'm' },
			backend: 'wasm',
			threads: 1
		}),
		load: async () => ({ loadMs: 1, loadKind: 'warm' }),
		cancel: () => {},
		dispose: async () => {},
		async generate(_request: GenerateRequest, options?: GenerateOptions): Promise<GenerationResult> {
			const arrivalsMs: number[] = [];
			for (const [index, token] of tokens.entries()) {
				if (options?.signal?.aborted) break;
				options?.onToken?.({ text: token.text, tMs: token.tMs, index, tokenIds: [index] });
				arrivalsMs.push(token.tMs);
				await Promise.resolve();
			}
			if (end === 'throw') throw new TypeError('worker crashed');
			const cancelled = options?.signal?.aborted ?? false;
			return {
				text: tokens
					.slice(0, arrivalsMs.length)
					.map((t) => t.text)
					.join(''),
				requestMs: 1000,
				arrivalsMs,
				inputTokens: 4,
				outputTokens: arrivalsMs.length,
				tokensSource: 'tokenizer',
				finishReason: cancelled ? 'cancelled' : 'length'
			};
		}
	};
}

/** A frame scheduler the test flushes by hand, counting frames. */
function manualFrames() {
	const queue: (() => void)[] = [];
	const schedule: FrameScheduler = (callback) => {
		queue.push(callback);
		return () => queue.splice(queue.indexOf(callback), 1);
	};
	return { schedule, pending: () => queue.length, flush: () => queue.splice(0).forEach((f) => f()) };
}

describe('EngineRun', () => {
	it('ends with the engine text and metrics computed from the engine timestamps', async () => {
		const run = new EngineRun('local', manualFrames().schedule);
		const result = await run.run(
			scriptedEngine([
				{ text: 'a', tMs: 1100 },
				{ text: 'b', tMs: 1150 },
				{ text: 'c', tMs: 1200 }
			]),
			request
		);
		expect(result.finishReason).toBe('length');
		expect(run.status).toBe('done');
		expect(run.text).toBe('abc');
		expect(run.metrics).toMatchObject({
			ttftMs: 100,
			e2eMs: 200,
			decodeTokensPerS: 20,
			tpotMs: 50,
			prefillTokensPerS: 40,
			outputTokens: 3
		});
		expect(run.info?.label).toBe('scripted');
	});

	it('renders at most once per frame however many tokens arrive', async () => {
		const frames = manualFrames();
		const run = new EngineRun('local', frames.schedule);
		const tokens = Array.from({ length: 50 }, (_, i) => ({ text: `${i} `, tMs: 2000 + i }));
		let framesRequestedMidRun = 0;
		const engine = scriptedEngine(tokens);
		const original = engine.generate.bind(engine);
		engine.generate = async (req, options) =>
			original(req, {
				...options,
				onToken: (event) => {
					options?.onToken?.(event);
					framesRequestedMidRun = Math.max(framesRequestedMidRun, frames.pending());
				}
			});
		await run.run(engine, request);
		expect(framesRequestedMidRun).toBe(1);
		expect(run.text).toBe(tokens.map((t) => t.text).join(''));
	});

	it('shows live text and metrics on a frame while generation is still running', async () => {
		const frames = manualFrames();
		const run = new EngineRun('local', frames.schedule);
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const engine = scriptedEngine([]);
		engine.generate = async (_req, options) => {
			options?.onToken?.({ text: 'x', tMs: Date.now(), index: 0 });
			options?.onToken?.({ text: 'y', tMs: Date.now() + 10, index: 1 });
			await gate;
			return {
				text: 'xy',
				requestMs: 0,
				arrivalsMs: [1, 11],
				inputTokens: 1,
				outputTokens: 2,
				tokensSource: 'tokenizer',
				finishReason: 'stop'
			};
		};
		const done = run.run(engine, request);
		await Promise.resolve();
		expect(run.text).toBe('');
		frames.flush();
		expect(run.status).toBe('running');
		expect(run.text).toBe('xy');
		expect(run.metrics?.outputTokens).toBe(2);
		release();
		await done;
		expect(run.status).toBe('done');
	});

	it('records a thrown engine error as a failed run with the text so far', async () => {
		const run = new EngineRun('cloud', manualFrames().schedule);
		const result = await run.run(scriptedEngine([{ text: 'partial', tMs: 5 }], 'throw'), request);
		expect(result.finishReason).toBe('error');
		expect(result.error).toEqual({ name: 'TypeError', message: 'worker crashed' });
		// Its arrivals carried token ids, so the engine counted tokens: the partial run says so.
		expect(result.tokensSource).toBe('tokenizer');
		expect(run.status).toBe('error');
		expect(run.text).toBe('partial');
		expect(run.error?.name).toBe('TypeError');
	});

	it('marks a run stopped through the abort signal as cancelled', async () => {
		const run = new EngineRun('local', manualFrames().schedule);
		const controller = new AbortController();
		controller.abort();
		const result = await run.run(scriptedEngine([{ text: 'a', tMs: 1 }]), request, controller.signal);
		expect(result.finishReason).toBe('cancelled');
		expect(run.status).toBe('cancelled');
	});
});
