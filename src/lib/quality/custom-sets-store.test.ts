// Node has no IndexedDB: fake-indexeddb stands in (the e2e spec imports a set in Chromium).
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { CustomSetsStore } from './custom-sets-store';
import { parseJsonl } from './jsonl';

describe('CustomSetsStore', () => {
	it('keeps imported sets across instances, replaces by id, removes', async () => {
		const name = `quality-test-${Math.random()}`;
		const a = parseJsonl(JSON.stringify({ prompt: 'p', answer: 'x', scorer: 'exact' }), 'b-set.jsonl');
		const b = parseJsonl(JSON.stringify({ prompt: 'q', answer: '1', scorer: 'number' }), 'a-set.jsonl');
		const store = new CustomSetsStore(name);
		await store.save(a);
		await store.save(b);
		store.close();
		const again = new CustomSetsStore(name);
		expect((await again.all()).map((s) => s.id)).toEqual(['custom:a-set', 'custom:b-set']);
		await again.save({ ...a, items: [...a.items, { ...a.items[0]!, id: 'two' }] });
		expect((await again.all()).find((s) => s.id === a.id)!.items).toHaveLength(2);
		await again.remove(b.id);
		expect((await again.all()).map((s) => s.id)).toEqual(['custom:b-set']);
	});
	it('refuses a set that is not one', async () => {
		const store = new CustomSetsStore(`quality-test-${Math.random()}`);
		await expect(store.save({ id: 'x', name: 'x', importedAt: '', items: [] })).rejects.toThrow();
	});
});
