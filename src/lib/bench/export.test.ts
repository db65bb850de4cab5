import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, ImportError, exportCsv, exportJson, importJson } from './export';
import { benchmarkRecord, compareRunRecord } from './record';
import { readFileSync } from 'node:fs';
import { ExportFileSchema, SCHEMA_VERSION, type DeviceReport, type ResultRecord } from './schema';
import { getSuite } from './suite';
import { at, must } from './testing/must';
import { scriptedBenchmark, scriptedRecord } from './testing/scripted-benchmark';
import { browserDeviceReport } from './testing/device-report';

const SECRET = 'sk-live-THIS-MUST-NEVER-LEAK-0123456789';
const device: DeviceReport = browserDeviceReport({
	userAgent: 'UA, with "quotes"',
	collectedAt: '2026-01-01T00:00:00.000Z'
});

async function sampleRecords(): Promise<ResultRecord[]> {
	const { outcome, cases, engines } = await scriptedBenchmark({
		clock: { t: 1_700_000_000_000.123 },
		sides: [
			{ id: 'local', kind: 'local', label: 'Local q4', script: (i) => ({ ttftMs: 50 + i * 0.37, tpotMs: 3.3 }) },
			// The cloud engine's config carries a key, in a field and in its URL: neither may survive.
			{
				id: 'cloud',
				kind: 'cloud',
				label: 'Cloud',
				extraInfo: {
					apiKey: SECRET,
					headers: { Authorization: `Bearer ${SECRET}` },
					endpointBaseUrl: `https://u:${SECRET}@api.example/v1?api_key=${SECRET}`
				},
				script: (i) => ({
					ttftMs: 120 + i,
					tpotMs: 1.7,
					...(i === 3 ? { fail: new Error(`401 for Bearer ${SECRET}`) } : {})
				})
			}
		],
		repetitions: 2
	});
	const local = must(engines.local, 'the local engine');
	const cloud = must(engines.cloud, 'the cloud engine');
	const bench = benchmarkRecord(outcome, cases, 2, 'quick', {
		device,
		appVersion: '0.1.0',
		id: 'bench-1',
		pricesByEngine: { cloud: { inputUsdPerMTokens: 0.15, outputUsdPerMTokens: 0.6 } }
	});
	const { request } = at(cases, 0);
	const single = compareRunRecord(
		{
			request,
			sides: [
				{ id: 'local', info: local.describe(), result: await local.generate(request) },
				{ id: 'cloud', info: cloud.describe(), result: await cloud.generate(request) }
			]
		},
		{ device, appVersion: '0.1.0', id: 'run-1' }
	);
	return [bench, single];
}

describe('JSON export and import', () => {
	it('round-trips exactly', async () => {
		const records = await sampleRecords();
		const json = exportJson(records, '0.1.0', '2026-01-02T00:00:00.000Z');
		const back = importJson(json);
		expect(back).toStrictEqual(records);
		expect(exportJson(back, '0.1.0', '2026-01-02T00:00:00.000Z')).toBe(json);
	});

	it('cleans a key out of a file made elsewhere as it comes in (a hand-edited URL, an error message)', async () => {
		const file = JSON.parse(exportJson(await sampleRecords(), '0.1.0'));
		const engine = file.records[0].engines.find((e: { id: string }) => e.id === 'cloud');
		engine.info.endpointBaseUrl = `https://u:${SECRET}@api.example/v1?token=${SECRET}`;
		file.records[0].runs[0].result.error = { name: 'HttpError', message: `401 for Bearer ${SECRET}` };
		const back = importJson(JSON.stringify(file));
		expect(JSON.stringify(back)).not.toContain(SECRET);
		expect(back[0]!.engines.find((e) => e.id === 'cloud')!.info.endpointBaseUrl).toBe('https://api.example/v1');
	});

	it('never contains an API key, even one fed in through the engine config', async () => {
		const records = await sampleRecords();
		const json = exportJson(records, '0.1.0');
		expect(json).not.toContain(SECRET);
		expect(json).not.toContain('apiKey');
		expect(json).not.toContain('Authorization');
		expect(exportCsv(records)).not.toContain(SECRET);
		const cloud = at(records, 0).engines.find((e) => e.id === 'cloud')!.info;
		expect(cloud.endpointBaseUrl).toBe('https://api.example/v1');
		// the failed run kept its error, without the token
		expect(json).toContain('401 for Bearer [redacted]');
	});

	it('validates against the schema, with version and noisy flags included', async () => {
		const file = ExportFileSchema.parse(JSON.parse(exportJson(await sampleRecords(), '0.1.0')));
		expect(file.schemaVersion).toBe(SCHEMA_VERSION);
		expect(at(file.records, 0).summaries.every((s) => typeof s.noisy === 'boolean')).toBe(true);
		expect(at(file.records, 0).cost.find((c) => c.engineId === 'local')!.label).toMatch(/\$0 marginal/);
	});

	it("round-trips each engine's load, and refuses a load of a kind the format does not know", async () => {
		const [bench] = await sampleRecords();
		const withLoad = {
			...bench!,
			engines: bench!.engines.map((e) => ({ ...e, load: { loadMs: 820, loadKind: 'cold' } }))
		};
		const json = exportJson([withLoad as ResultRecord], '0.1.0');
		expect(importJson(json).map((r) => r.engines.map((e) => e.load))).toEqual([
			[
				{ loadMs: 820, loadKind: 'cold' },
				{ loadMs: 820, loadKind: 'cold' }
			]
		]);
		expect(() => importJson(json.replaceAll('"cold"', '"lukewarm"'))).toThrow(/records\.0\.engines\.0\.load\.loadKind/);
	});

	it('refuses files that are not an Edgewise export, saying what to do', () => {
		expect(() => importJson('not json')).toThrow(ImportError);
		expect(() => importJson('{"format":"other"}')).toThrow(/not an Edgewise results export/);
		expect(() => importJson('{"format":"edgewise-results","schemaVersion":99}')).toThrow(/version 99/);
		expect(() =>
			importJson(
				'{"format":"edgewise-results","schemaVersion":1,"appVersion":"x","exportedAt":"x","records":[{"id":1}]}'
			)
		).toThrow(/records\.0/);
	});
});

describe('import of an export from version 1 (written by Edgewise before engines described themselves)', () => {
	const v1 = readFileSync(new URL('./testing/export-v1.json', import.meta.url), 'utf8');
	it('reads it, giving each engine the traits its kind had then', () => {
		expect(JSON.parse(v1).schemaVersion).toBe(1);
		const records = importJson(v1);
		expect(records).toHaveLength(2);
		for (const r of records)
			for (const e of r.engines)
				expect(e.info).toMatchObject(
					e.info.kind === 'local'
						? { placement: 'device', priced: false, honours: { stop: false, seed: false, ignoreEos: true } }
						: { placement: 'remote', honours: { stop: true, seed: true, ignoreEos: true } }
				);
		// The benchmark priced its cloud engine; the single run had no prices.
		const priced = records.map((r) => r.engines.find((e) => e.id === 'cloud')!.info.priced);
		expect(priced.sort()).toEqual([false, true]);
		// Everything else comes through as it was.
		expect(records.map((r) => r.runs.length)).toEqual(JSON.parse(v1).records.map((r: ResultRecord) => r.runs.length));
	});
	it('exports again in the current version', () => {
		const file = ExportFileSchema.parse(JSON.parse(exportJson(importJson(v1), '0.2.0')));
		expect(file.schemaVersion).toBe(SCHEMA_VERSION);
	});
});

describe('CSV export', () => {
	it('writes one row per run with quoting', async () => {
		const records = await sampleRecords();
		const lines = exportCsv(records).trimEnd().split('\r\n');
		expect(lines[0]).toBe(CSV_COLUMNS.join(','));
		// bench: 2 warm-ups + 2 reps x 2 cases x 2 engines; single: 2 runs
		expect(lines).toHaveLength(1 + 2 + 8 + 2);
		const first = at(lines, 1).split(',');
		expect(first[CSV_COLUMNS.indexOf('warmup')]).toBe('true');
		expect(lines.some((l) => l.includes(',error,'))).toBe(true);
		// browser column holds a plain value; a value with a comma or quote would be quoted
		expect(
			exportCsv([{ ...at(records, 1), title: 'x', status: 'complete', device: { ...device, browser: 'A, "B"' } }])
		).toContain('"A, ""B"""');
	});
});

describe("a run whose decode figure is the server's", () => {
	it('keeps its source and the client figure through JSON, summaries, break-even and CSV', async () => {
		const record = await scriptedRecord({
			clock: { t: 1_700_000_000_000 },
			cases: getSuite('quick').cases.slice(0, 1),
			sides: [
				{ id: 'local', kind: 'local', label: 'Local', script: () => ({ ttftMs: 50, tpotMs: 40 }) },
				// Every token in one burst (tpot 0 here), the server says 640 tok/s.
				{
					id: 'cloud',
					kind: 'cloud',
					label: 'Cloud',
					script: () => ({ ttftMs: 30, tpotMs: 0, serverDecodeTokensPerS: 640 })
				}
			],
			repetitions: 2,
			ctx: { device, appVersion: '0.1.0', id: 'r' }
		});
		const [back] = importJson(exportJson([record], '0.1.0'));
		const summary = back!.summaries.find((s) => s.engineId === 'cloud')!;
		expect(summary.serverDecodeRuns).toBe(2);
		expect(summary.metrics.decodeTokensPerS?.median).toBe(640);
		const run = back!.runs.find((r) => r.engineId === 'cloud')!;
		expect(run.metrics).toMatchObject({ decodeSource: 'server', clientDecodeTokensPerS: null, decodeTokensPerS: 640 });
		// Break-even has an answer: the cloud's tpot from the server's figure, its ttft the client's.
		const entry = back!.breakEven.find((b) => b.bEngineId === 'cloud')!;
		expect(entry.b.tpotMs).toBeCloseTo(1000 / 640, 9);
		expect(entry.b.ttftMs).toBe(30);
		const lines = exportCsv([back!]).trimEnd().split('\r\n');
		const col = (line: string, name: (typeof CSV_COLUMNS)[number]) => line.split(',')[CSV_COLUMNS.indexOf(name)];
		const cloudRow = lines.find((l) => l.includes(',cloud,'))!;
		expect(col(cloudRow, 'decode_source')).toBe('server');
		expect(col(cloudRow, 'decode_tokens_per_s')).toBe('640');
		expect(col(cloudRow, 'client_decode_tokens_per_s')).toBe('');
		expect(
			col(
				lines.find((l) => l.includes(',local,'))!,
				'decode_source'
			)
		).toBe('client');
	});
});

describe('import of an export from before the Compare page had slots (two engines, no loads)', () => {
	const before = readFileSync(new URL('./testing/export-v2-two-engines.json', import.meta.url), 'utf8');
	it('reads it as it was, and exports it again unchanged', () => {
		const records = importJson(before);
		expect(records.map((r) => r.engines.map((e) => [e.id, e.load]))).toEqual([
			[
				['local', undefined],
				['cloud', undefined]
			]
		]);
		expect(importJson(exportJson(records, '0.2.0'))).toStrictEqual(records);
		expect(records[0]).toStrictEqual(JSON.parse(before).records[0]);
	});
});
