// Saved results with fixed, plausible figures (a device that answers sooner, a cloud that decodes
// faster), built by the real runner and record code over scripted engines. The layout tests import them
// to fill the Results page, and `npm run screenshots` to show it; nothing here is a measurement.
import { exportJson } from '../export';
import { benchmarkRecord, type RecordContext } from '../record';
import { runBenchmark } from '../runner';
import type { DeviceReport, ResultRecord } from '../schema';
import { getSuite } from '../suite';
import { ScriptedEngine } from './scripted-engine';

export const SAMPLE_DEVICE: DeviceReport = {
	runtime: 'browser',
	userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
	browser: 'Chrome 156',
	os: 'Linux',
	cores: 2,
	deviceMemoryGb: 8,
	gpuAdapter: { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true },
	backend: 'wasm',
	threads: 2,
	crossOriginIsolated: true,
	online: true,
	collectedAt: '2026-12-01T09:00:00.000Z'
};

/**
 * A quick-suite benchmark of `repetitions` runs per case and engine, on a virtual clock; `ctx` adds to what
 * the record is built with (a device, each engine's load).
 */
export async function sampleBenchmark(
	repetitions = 12,
	id = 'sample-benchmark',
	ctx: Partial<RecordContext> = {}
): Promise<ResultRecord> {
	const clock = { t: Date.UTC(2026, 11, 1, 9) };
	const cases = getSuite('quick').cases;
	// Deterministic spread: a few percent around each side's typical figure, one slow outlier locally.
	const local = new ScriptedEngine({
		kind: 'local',
		label: 'edgewise-tiny q8 (wasm)',
		clock,
		script: (i) => ({ ttftMs: (i === 7 ? 61 : 38) + ((i * 7) % 5), tpotMs: 4 + ((i * 3) % 4) * 0.15 }),
		extraInfo: { model: { id: 'edgewise-tiny', dtype: 'q8', synthetic: true, bytes: 1_800_000 } }
	});
	const cloud = new ScriptedEngine({
		kind: 'cloud',
		label: 'Edgewise reference server',
		clock,
		script: (i) => ({ ttftMs: 172 + ((i * 5) % 11) * 1.5, tpotMs: 2.8 + ((i * 5) % 4) * 0.1 }),
		extraInfo: { model: { id: 'edgewise-tiny' }, backend: 'http', endpointBaseUrl: 'http://127.0.0.1:4174/v1' }
	});
	const outcome = await runBenchmark({
		engines: [
			{ id: 'local', engine: local },
			{ id: 'cloud', engine: cloud }
		],
		cases,
		repetitions,
		clock: () => clock.t
	});
	return benchmarkRecord(outcome, cases, repetitions, 'quick', {
		device: SAMPLE_DEVICE,
		appVersion: 'sample',
		id,
		createdAt: '2026-12-01T09:00:00.000Z',
		...ctx
	});
}

/** The sample results as an export file, ready for the Results page's Import; each engine has a warm load. */
export async function sampleExportFile(): Promise<Buffer> {
	const loadByEngine = {
		local: { loadMs: 640, loadKind: 'warm' },
		cloud: { loadMs: 35, loadKind: 'warm' }
	} as const;
	return Buffer.from(exportJson([await sampleBenchmark(12, 'sample-benchmark', { loadByEngine })], 'sample'));
}
