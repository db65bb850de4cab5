// CompareManager with two scripted engines (the manager is the unit under test): the order it runs them
// in, that Stop reaches both, and that the run lands in the results store with both sides.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { TokenPrices } from '../bench/cost';
import { resultsStore } from '../bench/results-store';
import { ScriptedEngine } from '../bench/testing/scripted-engine';
import type { EngineKind, GenerateRequest } from '../engine/types';
import { CompareManager, NoEngineError } from './compare.svelte';

const request: GenerateRequest = { input: { mode: 'completion', prompt: 'hi' }, maxNewTokens: 4, temperature: 0 };

/** 1 ms to the first token, 1 ms between tokens; the log gets `L#0` / `L#0 end` (or `C#…`). */
function scripted(kind: EngineKind, log: string[]): ScriptedEngine {
	const label = kind === 'local' ? 'L' : 'C';
	return new ScriptedEngine({
		kind,
		label,
		clock: { t: 0 },
		log,
		logEnds: true,
		script: () => ({ ttftMs: 1, tpotMs: 1 })
	});
}

/** The Compare page's two slots, in order. */
const slots = (local: ScriptedEngine | null, cloud: ScriptedEngine | null, cloudPrices: TokenPrices | null = null) => [
	{ id: 'local', engine: local, prices: null },
	{ id: 'cloud', engine: cloud, prices: cloudPrices }
];

describe('CompareManager', () => {
	it('runs one after the other: the cloud starts only when the device has finished', async () => {
		const log: string[] = [];
		const compare = new CompareManager();
		await compare.run(request, slots(scripted('local', log), scripted('cloud', log)), 'sequential');
		expect(log).toEqual(['L#0', 'L#0 end', 'C#0', 'C#0 end']);
		expect([compare.runFor('local').status, compare.runFor('cloud').status]).toEqual(['done', 'done']);
	});

	it('runs at the same time when asked', async () => {
		const log: string[] = [];
		await new CompareManager().run(request, slots(scripted('local', log), scripted('cloud', log)), 'together');
		expect(log.slice(0, 2).sort()).toEqual(['C#0', 'L#0']);
	});

	it('skips a side with no engine, and refuses to run with none', async () => {
		const log: string[] = [];
		const compare = new CompareManager();
		await compare.run(request, slots(null, scripted('cloud', log)), 'sequential');
		expect(log).toEqual(['C#0', 'C#0 end']);
		expect(compare.runFor('local').status).toBe('idle');
		await expect(compare.run(request, slots(null, null), 'sequential')).rejects.toThrow(NoEngineError);
	});

	it('a slot whose set-up failed shows Failed, and is not "no engine included" (issue 20, finding 1)', async () => {
		const log: string[] = [];
		const compare = new CompareManager();
		const setupError = { name: 'ModelNotFoundError', message: 'The model "x" was not found (HTTP 404).' };
		// Only the failed slot was included: no NoEngineError, its pane fails.
		await compare.run(request, [{ id: 'local', engine: null, prices: null, setupError }], 'sequential');
		expect(compare.runFor('local').status).toBe('error');
		expect(compare.runFor('local').error?.name).toBe('ModelNotFoundError');
		expect(compare.runFor('local').error?.message).toContain('was not found');
		// Beside a slot that runs: that one runs, the failed one says Failed.
		await compare.run(
			request,
			[{ id: 'local', engine: null, prices: null, setupError }, ...slots(null, scripted('cloud', log)).slice(1)],
			'sequential'
		);
		expect(log).toEqual(['C#0', 'C#0 end']);
		expect(compare.runFor('local').status).toBe('error');
		expect(compare.runFor('cloud').status).toBe('done');
	});

	it('Stop cancels the engine running now and does not start the next one', async () => {
		const log: string[] = [];
		const compare = new CompareManager();
		const local = scripted('local', log);
		const cloud = scripted('cloud', log);
		const running = compare.run({ ...request, maxNewTokens: 100_000 }, slots(local, cloud), 'sequential');
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(compare.running).toBe(true);
		compare.stop();
		await running;
		expect(local.cancelCalls).toBe(1);
		expect(compare.runFor('local').status).toBe('cancelled');
		expect(log).toEqual(['L#0', 'L#0 end']);
		expect(compare.running).toBe(false);
	});

	it('saves each run with both sides to the results store', async () => {
		const compare = new CompareManager();
		await compare.run(
			request,
			slots(scripted('local', []), scripted('cloud', []), { inputUsdPerMTokens: 1, outputUsdPerMTokens: 2 }),
			'sequential'
		);
		expect(compare.saveError).toBeNull();
		const record = await resultsStore.get(compare.savedId!);
		expect(record?.kind).toBe('run');
		expect(record?.runs.map((run) => [run.engineId, run.result.outputTokens])).toEqual([
			['local', 4],
			['cloud', 4]
		]);
		expect(record?.parameters.cases[0]?.request).toEqual(request);
	});

	it('runs any number of slots in order, each in its own pane, and saves them all with their prices', async () => {
		const log: string[] = [];
		const compare = new CompareManager();
		const fp32 = new ScriptedEngine({
			kind: 'local',
			label: 'F',
			clock: { t: 0 },
			log,
			logEnds: true,
			script: () => ({ ttftMs: 2, tpotMs: 2 })
		});
		await compare.run(
			request,
			[
				...slots(scripted('local', log), scripted('cloud', log), { inputUsdPerMTokens: 1, outputUsdPerMTokens: 2 }),
				{ id: 'local-fp32', engine: fp32, prices: null, loadResult: { loadMs: 412, loadKind: 'warm' as const } }
			],
			'sequential'
		);
		expect(log).toEqual(['L#0', 'L#0 end', 'C#0', 'C#0 end', 'F#0', 'F#0 end']);
		expect(compare.runFor('local-fp32').status).toBe('done');
		expect(compare.runFor('local-fp32').text).toBe('t0 t1 t2 t3 ');
		const record = await resultsStore.get(compare.savedId!);
		expect(record?.engines.map((e) => e.id)).toEqual(['local', 'cloud', 'local-fp32']);
		expect(record?.cost.find((c) => c.engineId === 'cloud')?.perRunUsd).toBeGreaterThan(0);
		// Each slot's last load goes with its engine; a slot that has none records none.
		expect(record?.engines.map((e) => e.load ?? null)).toEqual([null, null, { loadMs: 412, loadKind: 'warm' }]);
	});
});
