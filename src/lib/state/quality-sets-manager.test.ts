// Node has no IndexedDB: fake-indexeddb stands in.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { QualitySetsManager } from './quality-sets-manager.svelte';

describe('QualitySetsManager', () => {
	it('a set imported after the first read is in what ready() gives (the benchmark plans from it)', async () => {
		const manager = new QualitySetsManager();
		const before = (await manager.ready()).length;
		const set = await manager.importText(JSON.stringify({ prompt: 'p', answer: 'x', scorer: 'exact' }), 'late.jsonl');
		expect(set?.id).toBe('custom:late');
		expect((await manager.ready()).map((s) => s.id)).toContain('custom:late');
		expect((await manager.ready()).length).toBe(before + 1);
		await manager.remove('custom:late');
		expect((await manager.ready()).map((s) => s.id)).not.toContain('custom:late');
	});
	it('a malformed file leaves the sets as they were and says which line', async () => {
		const manager = new QualitySetsManager();
		expect(await manager.importText('{"prompt": "p"}\n', 'bad.jsonl')).toBeNull();
		expect(manager.error).toMatch(/line 1: /);
	});
});
