// Node has no IndexedDB: fake-indexeddb stands in for the store a record is saved to.
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { exportCsv, exportJson } from './export';
import { compareRunRecord, type CompareRunInput } from './record';
import { RESULTS_STORE, ResultsStore } from './results-store';
import type { ResultRecord } from './schema';
import { SHARE_PARAM, shareLink } from './share';
import { getSuite } from './suite';
import { nodeDeviceReport } from './testing/device-report';
import { at, must } from './testing/must';
import { scriptedBenchmark, scriptedRecord, type ScriptedSide } from './testing/scripted-benchmark';

const device = nodeDeviceReport({ cores: 2 });

const local: ScriptedSide = { id: 'local', kind: 'local', label: 'Local', script: () => ({ ttftMs: 40, tpotMs: 4 }) };
const cloud: ScriptedSide = { id: 'cloud', kind: 'cloud', label: 'Cloud', script: () => ({ ttftMs: 170, tpotMs: 3 }) };

/** A Compare run of the benchmark's engines on the quick suite's first request. */
async function compareInput(sides: ScriptedSide[]): Promise<CompareRunInput> {
	const { engines } = await scriptedBenchmark({ sides, repetitions: 1 });
	const { request } = at(getSuite('quick').cases, 0);
	return {
		request,
		sides: await Promise.all(
			sides.map(async ({ id }) => {
				const engine = must(engines[id], `engine ${id}`);
				return { id, info: engine.describe(), result: await engine.generate(request) };
			})
		)
	};
}

describe("each engine's load in a record", () => {
	it('a benchmark keeps the load of each engine in loadByEngine, and only those', async () => {
		const record = await scriptedRecord({
			sides: [local, cloud],
			repetitions: 1,
			ctx: {
				device,
				// A field the format does not know is dropped; an id that ran nothing adds no engine.
				loadByEngine: {
					local: { loadMs: 412.5, loadKind: 'warm', extra: 1 } as never,
					cloud: null,
					gone: { loadMs: 9, loadKind: 'cold' }
				}
			}
		});
		expect(record.engines.map((e) => e.id)).toEqual(['local', 'cloud']);
		expect(at(record.engines, 0).load).toStrictEqual({ loadMs: 412.5, loadKind: 'warm' });
		expect(at(record.engines, 1)).not.toHaveProperty('load');
	});

	it('a Compare run keeps them too, and a record built without loads has none', async () => {
		const input = await compareInput([local, cloud]);
		const withLoads = compareRunRecord(input, {
			device,
			appVersion: 't',
			loadByEngine: { local: { loadMs: 2100, loadKind: 'cold' }, cloud: { loadMs: 35, loadKind: 'warm' } }
		});
		expect(withLoads.engines.map((e) => e.load)).toStrictEqual([
			{ loadMs: 2100, loadKind: 'cold' },
			{ loadMs: 35, loadKind: 'warm' }
		]);
		const without = compareRunRecord(input, { device, appVersion: 't' });
		expect(without.engines.map((e) => 'load' in e)).toEqual([false, false]);
	});
});

describe('a key given to the builder', () => {
	const SECRET = 'sk-proj-GIVEN-TO-THE-BUILDER-0123456789';
	// The cloud engine describes itself with its key (in a field, a header and its URL), and one run's error
	// quotes it: the builder is the one place that takes it out.
	const keyed: ScriptedSide = {
		...cloud,
		extraInfo: {
			apiKey: SECRET,
			headers: { Authorization: `Bearer ${SECRET}` },
			endpointBaseUrl: `https://u:${SECRET}@api.example/v1?api_key=${SECRET}`
		},
		script: (i) => ({ ttftMs: 170, tpotMs: 3, ...(i === 1 ? { fail: new Error(`401 for Bearer ${SECRET}`) } : {}) })
	};

	/** What IndexedDB holds for the record, as it was put (no parse on the way back). */
	async function storedText(store: string, record: ResultRecord): Promise<string> {
		await new ResultsStore(store).save(record);
		const db = await openDB(store);
		const text = JSON.stringify(await db.get(RESULTS_STORE, record.id));
		db.close();
		return text;
	}

	/** The share link's payload, inflated: the export file as the link carries it. */
	async function linkText(record: ResultRecord): Promise<string> {
		const link = await shareLink(record, 't', 'https://edgewise.example/results/shared');
		const payload = new URLSearchParams(new URL(link).hash.slice(1)).get(SHARE_PARAM) ?? '';
		expect(payload.slice(0, 2)).toBe('z.');
		const bytes = Uint8Array.from(atob(payload.slice(2).replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
		const inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
		return new Response(inflated).text();
	}

	it('is absent from the stored record, the export and the share link, for a benchmark and a Compare run', async () => {
		const bench = await scriptedRecord({ sides: [local, keyed], repetitions: 1, ctx: { device, id: 'bench' } });
		const run = compareRunRecord(await compareInput([local, keyed]), { device, appVersion: 't', id: 'run' });
		for (const record of [bench, run]) {
			const texts = {
				stored: await storedText(`test-keys-${record.id}`, record),
				json: exportJson([record], 't'),
				csv: exportCsv([record]),
				link: await linkText(record)
			};
			for (const [where, text] of Object.entries(texts)) {
				expect(text, where).not.toContain(SECRET);
				// What is left of the engine: its endpoint, without credentials or the key parameter.
				expect(text, where).toContain('https://api.example/v1');
			}
			expect(texts.stored).not.toContain('apiKey');
			expect(texts.link).not.toContain('Authorization');
		}
		// The failed benchmark run keeps its error, without the token.
		expect(bench.runs.some((r) => r.result.error?.message === '401 for Bearer [redacted]')).toBe(true);
	});
});
