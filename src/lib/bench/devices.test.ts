import { describe, expect, it } from 'vitest';
import { defaultDeviceLabel, deviceKey, devicesTable, formatLoad } from './devices';
import type { LoadResult } from '../engine/types';
import type { DeviceReport } from './schema';
import { at } from './testing/must';
import { sampleBenchmark, SAMPLE_DEVICE } from './testing/sample-records';

const PHONE = {
	...SAMPLE_DEVICE,
	userAgent: 'Mozilla/5.0 (Linux; Android 15; Pixel 9) Chrome/156.0.0.0 Mobile',
	os: 'Android',
	cores: 8,
	gpuAdapter: null
};

describe('devices side by side', () => {
	it('names a device from its report and keys it by what does not change between runs', () => {
		expect(defaultDeviceLabel(SAMPLE_DEVICE)).toBe('Chrome 156, Linux, 2 cores, google swiftshader');
		expect(defaultDeviceLabel(PHONE)).toBe('Chrome 156, Android, 8 cores');
		expect(deviceKey({ ...SAMPLE_DEVICE, online: false, collectedAt: 'later' })).toBe(deviceKey(SAMPLE_DEVICE));
		expect(deviceKey(PHONE)).not.toBe(deviceKey(SAMPLE_DEVICE));
	});

	it('puts one configuration from two devices in one row, medians per device, remote engines left out', async () => {
		const desk = await sampleBenchmark(4, 'desk');
		const phone = { ...(await sampleBenchmark(4, 'phone')), device: PHONE };
		// The phone decodes at half the speed: same runs, doubled gaps.
		phone.runs = phone.runs.map((r) =>
			r.metrics ? { ...r, metrics: { ...r.metrics, decodeTokensPerS: r.metrics.decodeTokensPerS! / 2 } } : r
		);
		const rows = devicesTable([desk, phone]);
		expect(rows.map((r) => r.config)).toEqual(['edgewise-tiny q8 wasm']);
		const { cells } = at(rows, 0);
		const [a, b] = [at(cells, 0), at(cells, 1)];
		expect([a.device.os, b.device.os]).toEqual(['Linux', 'Android']);
		const counted = desk.runs.filter((r) => r.engineId === 'local' && r.metrics);
		expect(a.runs).toBe(counted.length);
		expect(a.results).toBe(1);
		expect(b.decodeTokensPerS).toBeCloseTo(a.decodeTokensPerS! / 2, 9);
		expect(a.ttftMs).toBe(b.ttftMs);
		expect(a.wasmHeapPeakBytes).toBeNull();
		expect([a.load, b.load]).toEqual([[], []]);
		expect(formatLoad(a)).toBe('—');
	});

	it("takes each device's median load per kind over the results that recorded one", async () => {
		const on = async (id: string, device: DeviceReport, load?: LoadResult) =>
			sampleBenchmark(2, id, { device, ...(load ? { loadByEngine: { local: load } } : {}) });
		const records = [
			await on('desk-1', SAMPLE_DEVICE, { loadMs: 400, loadKind: 'warm' }),
			await on('desk-2', SAMPLE_DEVICE, { loadMs: 430, loadKind: 'warm' }),
			await on('desk-3', SAMPLE_DEVICE, { loadMs: 412, loadKind: 'warm' }),
			await on('desk-4', SAMPLE_DEVICE, { loadMs: 2100, loadKind: 'cold' }),
			await on('phone-1', PHONE, { loadMs: 3000, loadKind: 'cold' }),
			await on('phone-2', PHONE, { loadMs: 5000, loadKind: 'cold' }),
			await on('phone-3', PHONE)
		];
		const { cells } = at(devicesTable(records), 0);
		const [desk, phone] = [at(cells, 0), at(cells, 1)];
		// Desk: warm 400, 412, 430 -> median 412; one cold load of 2100. Phone: cold 3000 and 5000 -> 4000,
		// and its third result recorded no load.
		expect(desk.load).toEqual([
			{ loadKind: 'warm', medianMs: 412, loads: 3 },
			{ loadKind: 'cold', medianMs: 2100, loads: 1 }
		]);
		expect(phone.load).toEqual([{ loadKind: 'cold', medianMs: 4000, loads: 2 }]);
		expect(formatLoad(desk)).toBe('412 ms warm, 2100 ms cold');
		expect(formatLoad(phone)).toBe('4000 ms cold (2 of 3 results)');
		expect(formatLoad({ results: 1, load: [{ loadKind: 'warm', medianMs: 38.25, loads: 1 }] })).toBe('38.3 ms warm');
	});
});

describe('devicesChart', () => {
	it('draws every counted run of each device on its own row, with the median bar', async () => {
		const { devicesChart } = await import('./devices-chart');
		const { LIGHT_THEME } = await import('./charts');
		const desk = await sampleBenchmark(3, 'desk');
		const phone = { ...(await sampleBenchmark(3, 'phone')), device: PHONE };
		const row = at(devicesTable([desk, phone]), 0);
		const chart = devicesChart(row, 'ttftMs', ['Desk', 'Phone'], LIGHT_THEME);
		const labels = chart.data.datasets.map((d) => d.label);
		expect(labels).toEqual(['Desk runs', 'Desk median', 'Phone runs', 'Phone median']);
		const deskRuns = desk.runs.filter((r) => r.engineId === 'local' && r.metrics).map((r) => r.metrics!.ttftMs);
		expect(at(chart.data.datasets, 0).data.map((p) => (p as { x: number }).x)).toEqual(deskRuns);
		expect((at(at(chart.data.datasets, 3).data, 0) as { y: number }).y).toBe(1);
	});

	it('gives each device its quality per suite from the newest result that ran it, never pooled', async () => {
		const score = (correct: number, createdAt: string) => ({ createdAt, correct });
		const withQuality = async (id: string, createdAt: string, correct: number) => {
			const r = await sampleBenchmark(2, id);
			const q = {
				suite: 'multiple-choice',
				items: 24,
				correct,
				accuracy: correct / 24,
				ci95: [0, 1] as [number, number],
				errors: 0,
				chance: 0.25,
				timeMs: 1,
				inputTokens: null,
				outputTokens: 1
			};
			return {
				...r,
				createdAt,
				engines: r.engines.map((e) => ({ ...e, quality: { ...q, suite: 'multiple-choice', suites: [q] } }))
			};
		};
		const older = await withQuality('old', '2026-12-01T09:00:00.000Z', 3);
		const newer = await withQuality('new', '2026-12-02T09:00:00.000Z', 9);
		const cell = at(at(devicesTable([newer, older]), 0).cells, 0);
		expect(cell.quality.map((q) => score(q.correct, q.createdAt))).toEqual([score(9, '2026-12-02T09:00:00.000Z')]);
		expect(cell.quality[0]!.items).toBe(24);
		// A result with no quality run leaves the cell without quality.
		expect(at(at(devicesTable([await sampleBenchmark(2)]), 0).cells, 0).quality).toEqual([]);
	});
});
