import { describe, expect, it } from 'vitest';
import { benchmarkRecord, compareRunRecord } from './record';
import { runBenchmark } from './runner';
import { getSuite } from './suite';
import { at } from './testing/must';
import { ScriptedEngine } from './testing/scripted-engine';
import { nodeDeviceReport } from './testing/device-report';

const device = nodeDeviceReport({ cores: 2 });

function engines() {
	const clock = { t: 0 };
	return {
		clock,
		local: new ScriptedEngine({ kind: 'local', label: 'Local', clock, script: () => ({ ttftMs: 40, tpotMs: 4 }) }),
		cloud: new ScriptedEngine({ kind: 'cloud', label: 'Cloud', clock, script: () => ({ ttftMs: 170, tpotMs: 3 }) })
	};
}

describe("each engine's load in a record", () => {
	it('a benchmark keeps the load of each engine in loadByEngine, and only those', async () => {
		const { clock, local, cloud } = engines();
		const cases = getSuite('quick').cases;
		const outcome = await runBenchmark({
			engines: [
				{ id: 'local', engine: local },
				{ id: 'cloud', engine: cloud }
			],
			cases,
			repetitions: 1,
			clock: () => clock.t
		});
		const record = benchmarkRecord(outcome, cases, 1, 'quick', {
			device,
			appVersion: 't',
			// A field the format does not know is dropped; an id that ran nothing adds no engine.
			loadByEngine: {
				local: { loadMs: 412.5, loadKind: 'warm', extra: 1 } as never,
				cloud: null,
				gone: { loadMs: 9, loadKind: 'cold' }
			}
		});
		expect(record.engines.map((e) => e.id)).toEqual(['local', 'cloud']);
		expect(at(record.engines, 0).load).toStrictEqual({ loadMs: 412.5, loadKind: 'warm' });
		expect(at(record.engines, 1)).not.toHaveProperty('load');
	});

	it('a Compare run keeps them too, and a record built without loads has none', async () => {
		const { local, cloud } = engines();
		const { request } = at(getSuite('quick').cases, 0);
		const input = {
			request,
			sides: [
				{ id: 'local', info: local.describe(), result: await local.generate(request) },
				{ id: 'cloud', info: cloud.describe(), result: await cloud.generate(request) }
			]
		};
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
