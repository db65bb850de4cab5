// CompareManager with two scripted engines (the manager is the unit under test): the order it runs them
// in, that Stop reaches both, and that the run lands in the results store with both sides.
import 'fake-indexeddb/auto';
import { DEVICE_TRAITS, REMOTE_TRAITS } from '../bench/testing/engine-traits';
import { describe, expect, it } from 'vitest';
import { resultsStore } from '../bench/results-store';
import type { EngineKind, GenerateOptions, GenerateRequest, GenerationResult, InferenceEngine } from '../engine/types';
import { CompareManager, NoEngineError } from './compare.svelte';

const request: GenerateRequest = { input: { mode: 'completion', prompt: 'hi' }, maxNewTokens: 4, temperature: 0 };

/** Emits `tokens` tokens 1 ms apart (real timers), logging start/end; stops early on abort or cancel(). */
function scripted(kind: EngineKind, log: string[], tokens = 3): InferenceEngine & { cancelled: number } {
	let cancelRequested = false;
	return {
		kind,
		cancelled: 0,
		describe: () => ({
			kind,
			...(kind === 'local' ? DEVICE_TRAITS : REMOTE_TRAITS),
			label: `scripted ${kind}`,
			model: { id: 'm' }
		}),
		load: async () => ({ loadMs: 0, loadKind: 'warm' }),
		cancel() {
			this.cancelled++;
			cancelRequested = true;
		},
		dispose: async () => {},
		async generate(_r: GenerateRequest, options?: GenerateOptions): Promise<GenerationResult> {
			cancelRequested = false;
			log.push(`${kind} start`);
			const requestMs = Date.now();
			const arrivalsMs: number[] = [];
			for (let i = 0; i < tokens && !options?.signal?.aborted && !cancelRequested; i++) {
				await new Promise((resolve) => setTimeout(resolve, 1));
				arrivalsMs.push(Date.now() + i * 0.001);
				options?.onToken?.({ text: 'x', tMs: arrivalsMs[i], index: i });
			}
			log.push(`${kind} end`);
			const stopped = Boolean(options?.signal?.aborted) || cancelRequested;
			return {
				text: 'x'.repeat(arrivalsMs.length),
				requestMs,
				arrivalsMs,
				inputTokens: 1,
				outputTokens: arrivalsMs.length,
				tokensSource: kind === 'local' ? 'tokenizer' : 'chunks',
				finishReason: stopped ? 'cancelled' : 'length'
			};
		}
	};
}

describe('CompareManager', () => {
	it('runs one after the other: the cloud starts only when the device has finished', async () => {
		const log: string[] = [];
		const compare = new CompareManager();
		await compare.run(request, { local: scripted('local', log), cloud: scripted('cloud', log) }, 'sequential');
		expect(log).toEqual(['local start', 'local end', 'cloud start', 'cloud end']);
		expect([compare.local.status, compare.cloud.status]).toEqual(['done', 'done']);
	});

	it('runs at the same time when asked', async () => {
		const log: string[] = [];
		await new CompareManager().run(
			request,
			{ local: scripted('local', log), cloud: scripted('cloud', log) },
			'together'
		);
		expect(log.slice(0, 2).sort()).toEqual(['cloud start', 'local start']);
	});

	it('skips a side with no engine, and refuses to run with none', async () => {
		const log: string[] = [];
		const compare = new CompareManager();
		await compare.run(request, { local: null, cloud: scripted('cloud', log) }, 'sequential');
		expect(log).toEqual(['cloud start', 'cloud end']);
		expect(compare.local.status).toBe('idle');
		await expect(compare.run(request, { local: null, cloud: null }, 'sequential')).rejects.toThrow(NoEngineError);
	});

	it('Stop cancels the engine running now and does not start the next one', async () => {
		const log: string[] = [];
		const compare = new CompareManager();
		const local = scripted('local', log, 10_000);
		const cloud = scripted('cloud', log);
		const running = compare.run(request, { local, cloud }, 'sequential');
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(compare.running).toBe(true);
		compare.stop();
		await running;
		expect(local.cancelled).toBe(1);
		expect(compare.local.status).toBe('cancelled');
		expect(log).toEqual(['local start', 'local end']);
		expect(compare.running).toBe(false);
	});

	it('saves each run with both sides to the results store', async () => {
		const compare = new CompareManager();
		await compare.run(
			request,
			{
				local: scripted('local', []),
				cloud: scripted('cloud', []),
				cloudPrices: { inputUsdPerMTokens: 1, outputUsdPerMTokens: 2 }
			},
			'sequential'
		);
		expect(compare.saveError).toBeNull();
		const record = await resultsStore.get(compare.savedId!);
		expect(record?.kind).toBe('run');
		expect(record?.runs.map((run) => [run.engineId, run.result.outputTokens])).toEqual([
			['local', 3],
			['cloud', 3]
		]);
		expect(record?.parameters.cases[0].request).toEqual(request);
	});
});
