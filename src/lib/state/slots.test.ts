// The slot list: the two default slots (and what an older version saved), add / remove / move / include,
// kept across a reload, a saved slot of a kind this version lacks kept but not run, and a kind registered
// later brought back.
import { freshLocalStorageEachTest } from './testing/memory-storage';
import { describe, expect, it } from 'vitest';
import { ScriptedEngine } from '../bench/testing/scripted-engine';
import { registerEngineKind } from '../slots/registry';
import { EngineSlot } from './engine-slot.svelte';
import { LocalEngineManager } from './local-engine.svelte';
import { slotForms } from './slot-forms.svelte';
import { SlotsManager } from './slots.svelte';
import { storageKey, STORED } from './stored-settings';

freshLocalStorageEachTest();

const ids = (m: SlotsManager) => m.list.map((s) => s.entry.id);

describe('SlotsManager', () => {
	it('starts with this device then the default cloud endpoint', () => {
		const m = new SlotsManager();
		expect(m.list.map((s) => [s.entry.id, s.entry.kind, s.entry.enabled])).toEqual([
			['local', 'local', true],
			['cloud', 'cloud', true]
		]);
		expect(m.primaryLocal).toBeInstanceOf(LocalEngineManager);
	});

	it('starts the first local slot from what the single local panel saved, and keeps "run on" choices', () => {
		localStorage.setItem(
			'edgewise:local-selection',
			JSON.stringify({ source: { kind: 'default' }, backend: 'wasm', dtype: 'fp32', threads: 1 })
		);
		localStorage.setItem('edgewise:settings', JSON.stringify({ runCloud: false }));
		const m = new SlotsManager();
		expect(m.primaryLocal?.selection).toMatchObject({ backend: 'wasm', dtype: 'fp32', threads: 1 });
		expect(m.primaryLocal?.selection.runtime).toBe('onnxruntime-web');
		expect(m.runnable.map((s) => s.id)).toEqual(['local']);
	});

	it('adds, moves, excludes and removes slots, and a reload gives the same list', () => {
		const m = new SlotsManager();
		const second = m.add('local');
		expect(second).toBe('local-2');
		// A new local slot starts from the last one's choice.
		(m.manager(second) as LocalEngineManager).select({ dtype: 'fp32' });
		const third = m.add('local');
		expect((m.manager(third) as LocalEngineManager).selection.dtype).toBe('fp32');
		expect(ids(m)).toEqual(['local', 'cloud', 'local-2', 'local-3']);
		m.move(third, -1);
		m.move('local', 1);
		expect(ids(m)).toEqual(['cloud', 'local', 'local-3', 'local-2']);
		// The ends do not wrap.
		m.move('cloud', -1);
		m.move('local-2', 1);
		expect(ids(m)).toEqual(['cloud', 'local', 'local-3', 'local-2']);
		m.setEnabled('local', false);
		m.remove('cloud');
		expect(m.runnable.map((s) => s.id)).toEqual(['local-3', 'local-2']);

		const reloaded = new SlotsManager();
		expect(ids(reloaded)).toEqual(['local', 'local-3', 'local-2']);
		expect(reloaded.runnable.map((s) => s.id)).toEqual(['local-3', 'local-2']);
		expect((reloaded.manager('local-3') as LocalEngineManager).selection.dtype).toBe('fp32');
	});

	it('keeps a saved slot of an unknown kind without running it, and brings it back once the kind is registered', () => {
		localStorage.setItem(
			storageKey(STORED.slots),
			JSON.stringify([
				{ id: 'replay', kind: 'replay-test', enabled: true, config: { tokens: 3 } },
				{ id: 'cloud', kind: 'cloud', enabled: true, config: { endpointId: null } }
			])
		);
		const m = new SlotsManager();
		expect(m.list.map((s) => s.manager === null)).toEqual([true, false]);
		expect(m.runnable.map((s) => s.id)).toEqual(['cloud']);
		registerEngineKind<{ tokens: number }, EngineSlot>({
			kind: 'replay-test',
			label: 'Replay',
			idPrefix: 'replay',
			parseConfig: (v) => v as { tokens: number },
			defaultConfig: () => ({ tokens: 1 }),
			createManager: (id, config) =>
				new EngineSlot(
					{ id, kind: 'replay-test', title: () => `Replay ${config.tokens}`, loadBeforeRun: true },
					new ScriptedEngine({
						kind: 'local',
						label: 'replay',
						clock: { t: 0 },
						script: () => ({ ttftMs: 1, tpotMs: 1 })
					})
				)
		});
		expect(m.runnable.map((s) => [s.id, s.title])).toEqual([
			['replay', 'Replay 3'],
			['cloud', expect.stringContaining('stories260k')]
		]);
	});

	it('opens a new slot’s form, and forgets that choice when the slot goes', () => {
		const m = new SlotsManager();
		const id = m.add('local');
		expect(slotForms.chosen(id)).toBe(true);
		m.remove(id);
		expect(slotForms.chosen(id)).toBeUndefined();
	});

	it('falls back to the defaults when the saved list is not one', () => {
		localStorage.setItem(storageKey(STORED.slots), JSON.stringify([{ id: 'Bad Id', kind: 'local' }]));
		expect(ids(new SlotsManager())).toEqual(['local', 'cloud']);
	});
});
