// BenchmarkManager over three slots of scripted engines: every slot with an engine is benchmarked in slot
// order, the one without is left out, and each slot's prices reach the saved record's cost by its id.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { at, must } from '../bench/testing/must';
import { resultsStore } from '../bench/results-store';
import { ScriptedEngine } from '../bench/testing/scripted-engine';
import type { TokenPrices } from '../bench/cost';
import type { EngineKind } from '../engine/types';
import { BenchmarkManager } from './benchmark.svelte';
import type { SlotManager } from '../slots/slot-manager';
import { EngineSlot } from './engine-slot.svelte';
import { events, EventManager, type AppEvents } from './events';
import { ResultsManager } from './results.svelte';

const clock = { t: 0 };
/** 10 ms to the first token, 2 ms between tokens. */
const engine = (kind: EngineKind, label: string) =>
	new ScriptedEngine({ kind, label, clock, script: () => ({ ttftMs: 10, tpotMs: 2 }) });
const slot = (id: string, kind: EngineKind | null, prices: TokenPrices | null = null): EngineSlot =>
	new EngineSlot(
		{ id, kind: 'scripted', title: () => id, loadBeforeRun: true, prices: () => prices },
		kind ? engine(kind, id) : null
	);

describe('BenchmarkManager', () => {
	it('runs the ready slots in order and prices each by its own id', async () => {
		const manager = new BenchmarkManager();
		manager.setChoice({ suiteId: 'quick', repetitions: 2 });
		const prices = { inputUsdPerMTokens: 1, outputUsdPerMTokens: 4 };
		await manager.start([
			slot('local', 'local'),
			slot('local-fp32', 'local'),
			slot('unset', null),
			slot('groq', 'cloud', prices)
		]);
		expect(manager.error).toBeNull();
		expect(manager.lastStatus).toBe('complete');
		const [saved] = (await resultsStore.all()).records;
		expect(saved!.engines.map((e) => e.id)).toEqual(['local', 'local-fp32', 'groq']);
		expect(saved!.cost.find((c) => c.engineId === 'groq')!.perRunUsd).toBeGreaterThan(0);
		expect(saved!.breakEven.map((b) => b.bEngineId)).toEqual(['local-fp32', 'groq', 'local-fp32', 'groq']);
	});

	it('runs what a slot is set up for now: a slot whose form changed since its load is set up again first', async () => {
		const stale = engine('local', 'loaded q8');
		const current = engine('local', 'form fp32');
		// A slot as LocalEngineManager behaves when its form changed: `engine` is the old load, engineForRun() the new.
		const changed: SlotManager = {
			...{ id: 'local', kind: 'local', title: 'local', status: 'ready', loadResult: null, error: null, prices: null },
			notReadyMessage: '',
			engine: stale,
			engineForRun: async () => current,
			prepare: () => {},
			dispose: async () => {}
		};
		const manager = new BenchmarkManager();
		manager.setChoice({ suiteId: 'quick', repetitions: 1 });
		await manager.start([changed]);
		expect(manager.error).toBeNull();
		const saved = (await resultsStore.all()).records.find((r) => r.engines.some((e) => e.info.label === 'form fp32'));
		expect(saved?.engines.map((e) => e.info.label)).toEqual(['form fp32']);
	});

	it('announces the saved record, and Results shows it selected', async () => {
		const announced: string[] = [];
		const stop = events.on('benchmark.saved', (record) => void announced.push(record.id));
		const manager = new BenchmarkManager();
		manager.setChoice({ suiteId: 'quick', repetitions: 1 });
		await manager.start([slot('announced', 'local')]);
		stop();
		expect(announced).toHaveLength(1);
		const saved = must(await resultsStore.get(at(announced, 0)), 'the announced record in the store');
		expect(saved.engines.map((e) => e.id)).toEqual(['announced']);

		const bus = new EventManager<AppEvents>();
		const results = new ResultsManager(bus);
		bus.emit('benchmark.saved', saved);
		expect(results.selected).toBe(saved);
		await vi.waitFor(() => expect(results.items.map((i) => i.id)).toContain(saved.id));
	});

	it('says what to do when no slot has an engine', async () => {
		const manager = new BenchmarkManager();
		await manager.start([slot('local', null)]);
		expect(manager.error).toMatch(/No engine is ready/);
	});

	it('with quality suites chosen, answers their items after the speed runs and saves each slot\u2019s scores', async () => {
		const manager = new BenchmarkManager();
		manager.setChoice({ suiteId: 'quick', repetitions: 1, quality: ['arithmetic', 'agreement'], qualityMode: 'chat' });
		await manager.start([slot('dev', 'local'), slot('far', 'cloud')]);
		expect(manager.error).toBeNull();
		expect(manager.lastStatus).toBe('complete');
		const saved = (await resultsStore.all()).records.find((r) => r.engines[0]?.id === 'dev')!;
		expect(saved.quality!.mode).toBe('chat');
		expect(saved.quality!.runs).toHaveLength(2 * (20 + 16));
		expect(saved.quality!.runs[0]!.request.input.mode).toBe('chat');
		// Scripted engines answer "t0 t1 ...": no number, so every arithmetic item is wrong, none failed.
		const [dev, far] = saved.engines.map((e) => e.quality!);
		expect(dev!.suites[0]).toMatchObject({ suite: 'arithmetic', items: 20, correct: 0, errors: 0, accuracy: 0 });
		// Both script the same tokens for every prompt, so they agree on every item.
		expect(far!.suites[1]).toMatchObject({ suite: 'agreement', items: 16, correct: 16, accuracy: 1 });
		expect(dev!.suites[1]!.baseline).toBe(true);
		// The speed runs stay apart from the quality runs.
		expect(saved.runs).toHaveLength(2 * 2);
	});
});
