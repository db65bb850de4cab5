// A runtime registered by a test, touching no shared file, is taken everywhere the registry reaches outside the
// browser: the slot schema and name, the form's precision menu, the CLI's --engine and the settings its
// driver seeds, the device probe's runner and wording, Auto from its rows, and the results schema.
// (tests/e2e/runtime-plugin.spec.ts takes one through the page: form, probe, run, charts, export.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResultRecordSchema } from '../bench/schema';
import { sampleBenchmark } from '../bench/testing/sample-records';
import { settingsFor } from '../../cli/bench-driver';
import { describeSpec, engineSpecs, UsageError, type EngineDefaults, type LocalSpec } from '../../cli/engine-specs';
import { dtypeChoices } from '../components/local-panel/dtype-choices';
import { parseLocalSelection } from '../slots/builtin-kinds';
import { slotName } from '../state/local-engine.svelte';
import { runProbe } from '../probe/runner';
import { probeSummary } from '../probe/wording';
import { measuredAutoChoice } from '../probe/auto-choice';
import { medianStepMs } from '../probe/plan';
import { localRuntime, localRuntimes, registerLocalRuntime, unregisterLocalRuntime, type LocalRuntime } from '.';

/** Each decode step costs (1 + layers) ms on a virtual clock: the probe's fit must find a = 1, b = 1. */
const scripted: LocalRuntime = {
	id: 'scripted',
	label: 'Scripted test runtime',
	shortName: 'Scripted',
	fileFormat: 'txt',
	dtypes: ['s8', 's4'],
	dtypeChoices: () => [
		{ value: 's8', label: 's8 · scripted' },
		{ value: 's4', label: 's4 · scripted' }
	],
	runnableDtypes: () => ['s8', 's4'],
	prepares: false,
	createEngine: () => Promise.reject(new Error('not run here')),
	resolveAuto: async () => ({ text: 'Auto runs Scripted', notices: [], measured: false }),
	autoChanged: async () => false,
	describeConfig: (c) => `Scripted ${c.dtype}, ${c.threads} thread${c.threads === 1 ? '' : 's'}`,
	formatName: (dtype) => dtype.toUpperCase(),
	probe: {
		dtypes: ['s4', 's8'],
		webgpuThreads: 'one',
		async subject(group) {
			let layers = 0;
			return {
				load: async (twin) => void (layers = twin.shape.numLayers),
				decode: async (steps) =>
					medianStepMs(Array.from({ length: steps + 1 }, (_, i) => i * (1 + layers) * (group.threads === 1 ? 1 : 0.6))),
				unload: async () => {},
				abort: () => {},
				close: () => {}
			};
		}
	}
};

const DEFAULTS: EngineDefaults = {
	model: 'stories260k',
	backend: 'wasm',
	dtype: 's8',
	threads: null,
	runtime: 'scripted',
	endpoint: null,
	cloudModel: null,
	noCloud: false,
	priceIn: 0,
	priceOut: 0
};

beforeAll(() => registerLocalRuntime(scripted));
afterAll(() => unregisterLocalRuntime('scripted'));

describe('a runtime registered from outside the app', () => {
	it('is listed after the built-in ones and read back from a saved slot', () => {
		expect(localRuntimes().map((r) => r.id)).toEqual(['onnxruntime-web', 'llama.cpp', 'scripted']);
		const selection = parseLocalSelection({
			source: { kind: 'default' },
			runtime: 'scripted',
			backend: 'auto',
			dtype: 's4',
			threads: 1
		});
		expect(slotName(selection)).toBe('stories260k · Scripted auto s4 · 1 thread');
		expect(dtypeChoices(selection).map((c) => c.value)).toEqual(['s8', 's4']);
		// A runtime that is not registered here: the slot starts over rather than run something else.
		expect(() => parseLocalSelection({ ...selection, runtime: 'gone' })).toThrow(/No local runtime "gone"/);
	});

	it('is driven from the CLI: ids and precisions checked against it, and the slot the driver seeds', () => {
		const [spec] = engineSpecs(['local:runtime=scripted,dtype=s4,threads=1'], [], DEFAULTS) as LocalSpec[];
		expect(spec).toMatchObject({ id: 'local', runtime: 'scripted', dtype: 's4', threads: 1 });
		expect(describeSpec(spec!)).toBe('local (stories260k, Scripted wasm s4, 1 thread)');
		expect(() => engineSpecs(['local:runtime=scripted,dtype=q8'], [], DEFAULTS)).toThrow(UsageError);
		expect(() => engineSpecs(['local:runtime=scripted,dtype=q8'], [], DEFAULTS)).toThrow(
			'--engine local:runtime=scripted,dtype=q8: dtype (Scripted) must be one of s8, s4, not "q8".'
		);
		const seeded = settingsFor([{ id: 'local', local: spec! }], { suiteId: 'quick', repetitions: 1 });
		const slots = JSON.parse(Object.entries(seeded).find(([k]) => k.endsWith(':slots'))![1]);
		expect(slots[0].config).toMatchObject({ runtime: 'scripted', dtype: 's4' });
	});

	it('is timed by the device probe, worded by itself, and its Auto reads its own rows', async () => {
		const env = { hardwareConcurrency: 2, crossOriginIsolated: true, userAgent: 'test' };
		const result = await runProbe({ source: { kind: 'default' }, runtimes: ['scripted'], environment: env });
		expect(result.runtimes).toEqual(['scripted']);
		expect(result.measurements.map((m) => [m.runtime, m.dtype, m.threads])).toEqual([
			['scripted', 's4', 1],
			['scripted', 's4', 2],
			['scripted', 's8', 1],
			['scripted', 's8', 2]
		]);
		expect(result.measurements[0]).toMatchObject({ fixedMs: 1, perLayerMs: 1 });
		expect(probeSummary(result)).toMatch(/^Scripted s[48], 2 threads: [\d.]+ tok\/s \(est\.\), fastest of 4 measured/);
		const auto = measuredAutoChoice(result, localRuntime('scripted'), 's4', null);
		expect(auto).toMatchObject({ device: 'wasm', threads: 2 });
		expect(auto?.notice).toMatch(/^Auto: Scripted s4, 2 threads measured fastest for s4/);
	});

	it('is stored by the results schema as what ran', async () => {
		const record = await sampleBenchmark(1);
		const engine = { ...record.engines[0]!, info: { ...record.engines[0]!.info } };
		engine.info.runtime = { name: 'scripted', version: '1', fileFormat: 'txt', quant: 'S4' };
		const parsed = ResultRecordSchema.parse({ ...record, engines: [engine, ...record.engines.slice(1)] });
		expect(parsed.engines[0]?.info.runtime).toEqual({ name: 'scripted', version: '1', fileFormat: 'txt', quant: 'S4' });
	});
});
