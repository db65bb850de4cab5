import { describe, expect, it } from 'vitest';
import { defaultDeviceLabel, deviceKey, devicesTable } from './devices';
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
});
