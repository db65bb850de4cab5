// Node has no IndexedDB: fake-indexeddb stands in (the real one is covered by the e2e specs).
import 'fake-indexeddb/auto';
import { DEVICE_TRAITS, REMOTE_TRAITS } from './testing/engine-traits';
import { at } from './testing/must';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { RESULTS_STORE, ResultsStore } from './results-store';
import { compareRunRecord, recordStamp, type RecordContext } from './record';
import type { DeviceReport, ResultRecord } from './schema';
import { promptCase } from './suite';
import type { GenerationResult } from '../engine/types';
import { nodeDeviceReport } from './testing/device-report';

const device: DeviceReport = nodeDeviceReport({ os: 'linux', cores: 2, collectedAt: '2026-01-01T00:00:00.000Z' });
const request = promptCase('short', 4).request;
const result = (requestMs: number, gaps: number[]): GenerationResult => ({
	text: 'a b c d',
	requestMs,
	arrivalsMs: gaps.map((g) => requestMs + g),
	inputTokens: 9,
	outputTokens: gaps.length,
	tokensSource: 'tokenizer',
	finishReason: 'length'
});
const sides = (t: number) => [
	{
		id: 'local',
		info: {
			kind: 'local' as const,
			...DEVICE_TRAITS,
			label: 'Local',
			model: { id: 'm' },
			backend: 'wasm' as const,
			threads: 2
		},
		result: result(t, [10, 20, 30, 40])
	},
	{
		id: 'cloud',
		info: {
			kind: 'cloud' as const,
			...REMOTE_TRAITS,
			label: 'Cloud',
			model: { id: 'm' },
			apiKey: 'sk-secret-key-123456789'
		} as never,
		result: result(t, [50, 52, 54, 56])
	}
];

let n = 0;
let store: ResultsStore;
function fresh() {
	store = new ResultsStore(`test-results-${n++}`);
	return store;
}

/** A Compare run at time t, built and saved as the Compare page does. */
async function saveRun(s: ResultsStore, t: number, ctx: Partial<RecordContext> = {}): Promise<ResultRecord> {
	const input = { request, sides: sides(t) };
	const record = compareRunRecord(input, { ...(await recordStamp(input.sides)), ...ctx });
	await s.save(record);
	return record;
}
afterEach(() => store?.close());

describe('ResultsStore', () => {
	it('saves a compare run with metrics, device report and no key, and lists newest first', async () => {
		const s = fresh();
		const first = await saveRun(s, Date.UTC(2026, 0, 1), { device, appVersion: 't' });
		const second = await saveRun(s, Date.UTC(2026, 0, 2), { device, appVersion: 't' });
		expect(at(first.runs, 0).metrics).toMatchObject({ ttftMs: 10, e2eMs: 40, tpotMs: 10 });
		expect(JSON.stringify(await s.get(first.id))).not.toContain('sk-secret');
		const list = await s.list();
		expect(list.map((i) => i.id)).toEqual([second.id, first.id]);
		expect(list[0]).toMatchObject({ kind: 'run', engines: ['Local', 'Cloud'], runs: 2, status: 'complete' });
		expect(await s.get(first.id)).toStrictEqual(first);
	});

	it('stamps a device report taking backend and threads from the local side', async () => {
		const rec = await saveRun(fresh(), Date.UTC(2026, 0, 1));
		expect(rec.device.runtime).toBe('node');
		expect([rec.device.backend, rec.device.threads]).toEqual(['wasm', 2]);
	});

	it('snapshots the record: later changes to the caller object do not reach the store', async () => {
		const s = fresh();
		const input = { request, sides: sides(Date.UTC(2026, 0, 1)) };
		const saved = compareRunRecord(input, { device, appVersion: 't', id: 'fixed' });
		await s.save(saved);
		at(input.sides, 0).result.arrivalsMs.push(999);
		saved.title = 'changed';
		expect((await s.get('fixed'))!.title).not.toBe('changed');
		expect(at((await s.get('fixed'))!.runs, 0).result.arrivalsMs).toHaveLength(4);
	});

	it("saves each engine's load given in loadByEngine, and reads it back", async () => {
		const s = fresh();
		const saved = await saveRun(s, Date.UTC(2026, 0, 1), {
			device,
			appVersion: 't',
			loadByEngine: { local: { loadMs: 412, loadKind: 'warm' } }
		});
		const back = (await s.get(saved.id))!;
		expect(back.engines.map((e) => [e.id, e.load])).toEqual([
			['local', { loadMs: 412, loadKind: 'warm' }],
			['cloud', undefined]
		]);
	});

	it('parses what it reads: an older record comes back upgraded; one that does not match is refused when opened, listed as unreadable, and left out of the rest', async () => {
		const s = fresh();
		const rec = compareRunRecord({ request, sides: sides(5) }, { device, appVersion: 't', id: 'x' });
		await s.save(rec);
		// Written as Edgewise before results format 2 wrote it, and as a broken write would leave it.
		const older = {
			...rec,
			id: 'older',
			engines: rec.engines.map(({ id, info: { kind, label, model } }) => ({ id, info: { kind, label, model } }))
		};
		const db = await openDB(`test-results-${n - 1}`);
		await db.put(RESULTS_STORE, older);
		await db.put(RESULTS_STORE, { ...rec, id: 'broken', title: 7 });
		db.close();
		expect((await s.get('older'))!.engines.map((e) => e.info.placement)).toEqual(['device', 'remote']);
		await expect(s.get('broken')).rejects.toThrow(/title/);
		const all = await s.all();
		expect(all.records.map((r) => r.id).sort()).toEqual(['older', 'x']);
		expect(all.unreadable).toBe(1);
		const listed = await s.list();
		expect(listed.map((i) => [i.id, i.unreadable === undefined])).toContainEqual(['older', true]);
		expect(listed.find((i) => i.id === 'broken')).toMatchObject({
			title: 'A saved result this version cannot read',
			unreadable: expect.stringMatching(/^title: /)
		});
		// It can still be deleted, and then nothing is unreadable.
		await s.remove('broken');
		expect((await s.all()).unreadable).toBe(0);
	});

	it('deletes one and all', async () => {
		const s = fresh();
		const a = await saveRun(s, 1, { device, appVersion: 't' });
		const b = await saveRun(s, 2, { device, appVersion: 't' });
		await s.remove(a.id);
		expect((await s.list()).map((i) => i.id)).toEqual([b.id]);
		await s.clear();
		expect(await s.list()).toEqual([]);
	});

	it('imports records, replacing those with the same id, and keeps data across reopening', async () => {
		const s = fresh();
		const rec: ResultRecord = compareRunRecord({ request, sides: sides(5) }, { device, appVersion: 't', id: 'x' });
		expect(await s.importRecords([rec])).toEqual({ added: 1, replaced: 0 });
		expect(
			await s.importRecords([
				{ ...rec, title: 'again' },
				{ ...rec, id: 'y' }
			])
		).toEqual({ added: 1, replaced: 1 });
		s.close();
		const reopened = new ResultsStore(`test-results-${n - 1}`);
		expect((await reopened.get('x'))!.title).toBe('again');
		expect((await reopened.all()).records).toHaveLength(2);
		reopened.close();
	});
});
