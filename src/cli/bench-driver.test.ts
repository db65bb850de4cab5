import { describe, expect, it } from 'vitest';
import {
	ENDPOINT_KEYS_STORAGE,
	SlotListSchema,
	STORED,
	StoredEndpointsSchema,
	storageKey
} from '../lib/state/stored-settings';
import { defaultSlots, settingsFor, type SlotSetup } from './bench-driver';

const tiny = { source: { kind: 'default' as const }, backend: 'wasm' as const, dtype: 'q8', threads: 2 };
const slots: SlotSetup[] = [
	{ id: 'local', local: tiny },
	{ id: 'local-2', local: { ...tiny, dtype: 'fp32', threads: 1 } },
	{ id: 'cloud', cloud: { baseUrl: 'http://127.0.0.1:1/v1', model: 'edgewise-tiny', name: 'Reference server' } },
	{ id: 'cloud-2', cloud: { baseUrl: 'https://api.example/v1', model: 'm', apiKey: 'sk-test', inputUsdPerMTokens: 1 } }
];
const read = (items: Record<string, string>, key: string): unknown => JSON.parse(items[key] ?? 'null');

describe('the settings the driver seeds', () => {
	it('are the slot list, one endpoint per cloud slot, their keys and the benchmark choice, under the app keys', () => {
		const items = settingsFor(slots, { suiteId: 'quick', repetitions: 1 });
		expect(Object.keys(items).sort()).toEqual(
			[
				storageKey(STORED.slots),
				storageKey(STORED.benchmark),
				storageKey(STORED.endpoints),
				ENDPOINT_KEYS_STORAGE
			].sort()
		);
		const list = SlotListSchema.parse(read(items, storageKey(STORED.slots)));
		expect(list.map((s) => [s.id, s.kind, s.enabled])).toEqual([
			['local', 'local', true],
			['local-2', 'local', true],
			['cloud', 'cloud', true],
			['cloud-2', 'cloud', true]
		]);
		expect(list[1]!.config).toEqual({ ...tiny, dtype: 'fp32', threads: 1, runtime: 'onnxruntime-web' });
		const stored = StoredEndpointsSchema.parse(read(items, storageKey(STORED.endpoints)));
		// Each cloud slot points at its own saved endpoint.
		const byId = new Map(stored.endpoints.map((e) => [e.id, e]));
		for (const slot of list.filter((s) => s.kind === 'cloud')) {
			const { endpointId } = slot.config as { endpointId: string };
			expect(byId.get(endpointId)?.baseUrl).toBe(
				slot.id === 'cloud' ? 'http://127.0.0.1:1/v1' : 'https://api.example/v1'
			);
		}
		expect(stored.selectedId).toBe(stored.endpoints[0]!.id);
		expect(JSON.stringify(stored)).not.toContain('sk-test');
		expect(read(items, ENDPOINT_KEYS_STORAGE)).toEqual({
			[(list[3]!.config as { endpointId: string }).endpointId]: 'sk-test'
		});
		expect(read(items, storageKey(STORED.benchmark))).toEqual({
			suiteId: 'quick',
			repetitions: 1,
			quality: [],
			qualityMode: 'completion'
		});
	});

	it('leave the saved endpoints alone when no slot is a cloud one', () => {
		const items = settingsFor(defaultSlots(tiny, null), { suiteId: 'quick', repetitions: 2 });
		expect(Object.keys(items).sort()).toEqual([storageKey(STORED.benchmark), storageKey(STORED.slots)].sort());
	});

	it('refuse what the app would throw away', () => {
		expect(() => settingsFor([{ id: 'Local 1', local: tiny }], { suiteId: 'quick', repetitions: 1 })).toThrow(
			/slot id/
		);
		expect(() =>
			settingsFor([{ id: 'local', local: { ...tiny, threads: 0 } }], { suiteId: 'quick', repetitions: 1 })
		).toThrow();
		expect(() => settingsFor(defaultSlots(tiny, null), { suiteId: 'quick', repetitions: 0 })).toThrow();
	});
});
