import { readFileSync } from 'node:fs';
import { REMOTE_TRAITS } from './testing/engine-traits';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { resultsJsonSchemaText } from './json-schema';
import { exportJson } from './export';
import { benchmarkRecord, compareRunRecord, type RecordContext } from './record';
import { runBenchmark } from './runner';
import { promptCase } from './suite';
import { nodeDeviceReport } from './testing/device-report';
import { qualityPlan, runQuality } from '../quality/run';
import { AnswerEngine, calculator } from '../quality/testing/answer-engine';

const committed = readFileSync(new URL('../../../docs/results-schema.json', import.meta.url), 'utf8');

function sampleExport(loadByEngine?: RecordContext['loadByEngine']) {
	const request = promptCase('short', 2).request;
	const result = {
		text: 'ab',
		requestMs: 1000,
		arrivalsMs: [1010, 1020],
		inputTokens: 5,
		outputTokens: 2,
		tokensSource: 'usage' as const,
		finishReason: 'length' as const
	};
	const rec = compareRunRecord(
		{
			request,
			sides: [
				{
					id: 'cloud',
					info: {
						kind: 'cloud',
						...REMOTE_TRAITS,
						label: 'C',
						model: { id: 'm' },
						endpointBaseUrl: 'http://127.0.0.1:4174/v1'
					},
					result
				}
			]
		},
		{
			appVersion: 't',
			id: 'r',
			device: nodeDeviceReport({ cores: 2 }),
			loadByEngine
		}
	);
	return JSON.parse(exportJson([rec], 't'));
}

describe('docs/results-schema.json', () => {
	it('is what the zod schema generates (run `npm run results-schema` after changing schema.ts)', () => {
		expect(committed).toBe(resultsJsonSchemaText());
	});

	it('validates an export, and rejects an API key smuggled into an engine', () => {
		const validate = new Ajv2020({ strict: false }).compile(JSON.parse(committed));
		const file = sampleExport();
		expect(validate(file), JSON.stringify(validate.errors)).toBe(true);
		file.records[0].engines[0].info.apiKey = 'sk-123';
		expect(validate(file)).toBe(false);
	});

	it("validates an engine's load when a record has one, and only the kinds it knows", () => {
		const validate = new Ajv2020({ strict: false }).compile(JSON.parse(committed));
		const file = sampleExport({ cloud: { loadMs: 35.5, loadKind: 'warm' } });
		expect(file.records[0].engines[0].load).toEqual({ loadMs: 35.5, loadKind: 'warm' });
		expect(validate(file), JSON.stringify(validate.errors)).toBe(true);
		file.records[0].engines[0].load.loadKind = 'lukewarm';
		expect(validate(file)).toBe(false);
	});

	it('validates a record with a quality run, and refuses a score whose interval is not a pair', async () => {
		const validate = new Ajv2020({ strict: false }).compile(JSON.parse(committed));
		const file = sampleExport();
		const clock = { t: 1000 };
		const plan = qualityPlan(['arithmetic', 'multiple-choice'], [], 'completion');
		const engines = [
			{ id: 'cloud', engine: new AnswerEngine({ kind: 'cloud', label: 'C', answer: calculator, clock }) }
		];
		const cases = [promptCase('short', 2)];
		const speed = await runBenchmark({ engines, cases, repetitions: 1, clock: () => clock.t });
		const quality = { plan, outcome: await runQuality(engines, plan) };
		const record = benchmarkRecord(speed, cases, 1, null, { appVersion: 't', device: nodeDeviceReport() }, quality);
		file.records[0] = JSON.parse(JSON.stringify(record));
		expect(file.records[0].engines[0].quality.suites).toHaveLength(2);
		expect(validate(file), JSON.stringify(validate.errors)).toBe(true);
		file.records[0].engines[0].quality.ci95 = [0.5];
		expect(validate(file)).toBe(false);
	});
});
