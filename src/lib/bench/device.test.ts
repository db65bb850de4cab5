import { describe, expect, it } from 'vitest';
import { DEVICE_TRAITS } from './testing/engine-traits';
import { browserFromUserAgent, collectDeviceReport, osFromUserAgent } from './device';
import { DeviceReportSchema } from './schema';

const CHROME_LINUX =
	'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36';
const SAFARI_IOS =
	'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';
const EDGE_WIN =
	'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36 Edg/140.0.0.0';

describe('user agent parsing', () => {
	it('names browser and OS', () => {
		expect([browserFromUserAgent(CHROME_LINUX), osFromUserAgent(CHROME_LINUX)]).toEqual(['Chrome 156', 'Linux']);
		expect([browserFromUserAgent(SAFARI_IOS), osFromUserAgent(SAFARI_IOS)]).toEqual(['Safari 18', 'iOS']);
		expect([browserFromUserAgent(EDGE_WIN), osFromUserAgent(EDGE_WIN)]).toEqual(['Edge 140', 'Windows']);
		expect(browserFromUserAgent('curl/8')).toBeNull();
	});
});

describe('collectDeviceReport under Node', () => {
	it('reports the runtime and takes backend, threads and adapter from the local engine', async () => {
		const report = await collectDeviceReport({
			local: {
				kind: 'local',
				...DEVICE_TRAITS,
				label: 'L',
				model: { id: 'm' },
				backend: 'webgpu',
				threads: 4,
				adapter: { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true }
			}
		});
		expect(DeviceReportSchema.parse(report)).toEqual(report);
		expect(report.runtime).toBe('node');
		expect(report.os).toBe(process.platform);
		expect(report.browser).toBe(`Node.js ${process.versions.node.split('.')[0]}`);
		expect([report.backend, report.threads]).toEqual(['webgpu', 4]);
		expect(report.gpuAdapter).toEqual({ vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true });
		expect(report.online).toBeNull();
	});
});

describe('collectDeviceReport and the device probe', () => {
	it('keeps the probe that chose the local backend, and leaves the field out when there was none', async () => {
		const probe = {
			key: 'k',
			shape: 'tiny',
			layers: 2,
			depths: [1, 2],
			decodeSteps: 8,
			runtimes: ['onnxruntime-web' as const, 'llama.cpp' as const],
			measurements: [],
			skipped: [{ device: 'webgpu' as const, reason: 'no WebGPU adapter' }],
			choice: null,
			reason: 'r',
			wallMs: 5,
			measuredAt: '2026-01-01T00:00:00.000Z',
			adapter: null
		};
		const local = {
			kind: 'local' as const,
			...DEVICE_TRAITS,
			label: 'L',
			model: { id: 'm' },
			backend: 'wasm' as const,
			threads: 2
		};
		const withProbe = await collectDeviceReport({ local: { ...local, probe } });
		expect(DeviceReportSchema.parse(withProbe).probe).toEqual(probe);
		const without = await collectDeviceReport({ local });
		expect('probe' in without).toBe(false);
		expect(DeviceReportSchema.parse(without)).toEqual(without);
	});
});
