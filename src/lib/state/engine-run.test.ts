// EngineRun under test with a scripted engine whose token times are fixed: the text, the live metrics and
// the final metrics are what docs/DESIGN.md's definitions give for those times; rendering is batched.
import { describe, expect, it } from 'vitest';
import { ScriptedEngine, type CallScript } from '../bench/testing/scripted-engine';
import type { GenerateRequest, GenerationResult } from '../engine/types';
import { EngineRun, LIVE_METRICS_INTERVAL_MS } from './engine-run.svelte';
import type { FrameScheduler } from './frame-batcher';

const request: GenerateRequest = { input: { mode: 'completion', prompt: 'hi' }, maxNewTokens: 3, temperature: 0 };

/** Asked at epoch 1000 ms; token i arrives at 1000 + ttft + i * tpot (its text `t<i> `, 20 prompt tokens). */
function scriptedEngine(script: CallScript): ScriptedEngine {
	return new ScriptedEngine({ kind: 'local', label: 'scripted', clock: { t: 1000 }, script: () => script });
}

/** What a hand-driven engine returns when its gate opens: `text`, one token per arrival, stopped on its own. */
function stopped(text: string, arrivalsMs: number[]): GenerationResult {
	return {
		text,
		requestMs: 0,
		arrivalsMs,
		inputTokens: 1,
		outputTokens: arrivalsMs.length,
		tokensSource: 'tokenizer',
		finishReason: 'stop'
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
		const result = await run.run(scriptedEngine({ ttftMs: 100, tpotMs: 50 }), request);
		expect(result.finishReason).toBe('length');
		expect(run.status).toBe('done');
		expect(run.text).toBe('t0 t1 t2 ');
		expect(run.metrics).toMatchObject({
			ttftMs: 100,
			e2eMs: 200,
			decodeTokensPerS: 20,
			tpotMs: 50,
			prefillTokensPerS: 200,
			outputTokens: 3
		});
		expect(run.info?.label).toBe('scripted');
	});

	it('renders at most once per frame however many tokens arrive', async () => {
		const frames = manualFrames();
		const run = new EngineRun('local', frames.schedule);
		let framesRequestedMidRun = 0;
		const engine = scriptedEngine({ ttftMs: 1, tpotMs: 1 });
		const original = engine.generate.bind(engine);
		engine.generate = async (req, options) =>
			original(req, {
				...options,
				onToken: (event) => {
					options?.onToken?.(event);
					framesRequestedMidRun = Math.max(framesRequestedMidRun, frames.pending());
				}
			});
		await run.run(engine, { ...request, maxNewTokens: 50 });
		expect(framesRequestedMidRun).toBe(1);
		expect(run.text).toBe(Array.from({ length: 50 }, (_, i) => `t${i} `).join(''));
	});

	it('shows live text and metrics on a frame while generation is still running', async () => {
		const frames = manualFrames();
		const run = new EngineRun('local', frames.schedule);
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const engine = scriptedEngine({ ttftMs: 1, tpotMs: 1 });
		engine.generate = async (_req, options) => {
			options?.onToken?.({ text: 'x', tMs: Date.now(), index: 0 });
			options?.onToken?.({ text: 'y', tMs: Date.now() + 10, index: 1 });
			await gate;
			return stopped('xy', [1, 11]);
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

	it('recomputes live metrics a few times a second, not on every frame, and ends with the exact ones', async () => {
		const frames = manualFrames();
		const run = new EngineRun('local', frames.schedule);
		let emit!: (i: number) => void;
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const engine = scriptedEngine({ ttftMs: 1, tpotMs: 1 });
		engine.generate = async (_req, options) => {
			emit = (i) => options?.onToken?.({ text: `t${i} `, tMs: Date.now() + i, index: i });
			await gate;
			return stopped('t0 t1 t2 ', [1, 2, 3]);
		};
		const done = run.run(engine, request);
		await Promise.resolve();
		emit(0);
		frames.flush();
		expect(run.metrics?.outputTokens).toBe(1);
		// The next frame comes well within LIVE_METRICS_INTERVAL_MS: the text follows, the figures wait.
		emit(1);
		frames.flush();
		expect(run.text).toBe('t0 t1 ');
		expect(run.metrics?.outputTokens).toBe(1);
		await new Promise((resolve) => setTimeout(resolve, LIVE_METRICS_INTERVAL_MS + 20));
		emit(2);
		frames.flush();
		expect(run.metrics?.outputTokens).toBe(3);
		release();
		await done;
		expect(run.metrics?.outputTokens).toBe(3);
		expect(run.status).toBe('done');
	});

	it('records a thrown engine error as a failed run with the text so far', async () => {
		const run = new EngineRun('cloud', manualFrames().schedule);
		const engine = scriptedEngine({ ttftMs: 5, tpotMs: 1, fail: new TypeError('worker crashed'), failAfterTokens: 1 });
		const result = await run.run(engine, request);
		expect(result.finishReason).toBe('error');
		expect(result.error).toEqual({ name: 'TypeError', message: 'worker crashed' });
		// Its arrivals carried token ids, so the engine counted tokens: the partial run says so.
		expect(result.tokensSource).toBe('tokenizer');
		expect(run.status).toBe('error');
		expect(run.text).toBe('t0 ');
		expect(run.error?.name).toBe('TypeError');
	});

	it('marks a run stopped through the abort signal as cancelled', async () => {
		const run = new EngineRun('local', manualFrames().schedule);
		const controller = new AbortController();
		controller.abort();
		const result = await run.run(scriptedEngine({ ttftMs: 1, tpotMs: 1 }), request, controller.signal);
		expect(result.finishReason).toBe('cancelled');
		expect(run.status).toBe('cancelled');
	});
});
