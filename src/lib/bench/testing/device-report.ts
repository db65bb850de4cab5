// A device report for tests that run in Node: nothing about the platform is known, as the CLI reports it
// before a browser has said anything. Tests that need a field pass it in `overrides`.
import type { DeviceReport } from '../schema';

export function nodeDeviceReport(overrides: Partial<DeviceReport> = {}): DeviceReport {
	return {
		runtime: 'node',
		userAgent: null,
		browser: null,
		os: null,
		cores: null,
		deviceMemoryGb: null,
		gpuAdapter: null,
		backend: null,
		threads: null,
		crossOriginIsolated: null,
		online: null,
		collectedAt: 'x',
		...overrides
	};
}

/** A device report as the app in Chromium on a 2-core Linux machine writes it. */
export function browserDeviceReport(overrides: Partial<DeviceReport> = {}): DeviceReport {
	return nodeDeviceReport({
		runtime: 'browser',
		userAgent: 'UA',
		browser: 'Chrome 156',
		os: 'Linux',
		cores: 2,
		deviceMemoryGb: 8,
		backend: 'wasm',
		threads: 2,
		crossOriginIsolated: true,
		online: true,
		...overrides
	});
}
