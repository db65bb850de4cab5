// The device report shown beside every result. Isomorphic: in a browser it reads navigator (and the
// WebGPU adapter when there is one); under Node it reports the runtime and what Node's navigator has.
// Backend and threads come from the local engine's describe(), which knows what it actually chose.
import type { EngineInfo } from '../engine/types';
import type { DeviceReport } from './schema';

interface NavigatorLike {
	userAgent?: string;
	hardwareConcurrency?: number;
	deviceMemory?: number;
	onLine?: boolean;
	platform?: string;
	userAgentData?: { platform?: string; brands?: { brand: string; version: string }[] };
	gpu?: {
		requestAdapter(): Promise<{
			info?: { vendor: string; architecture: string; description?: string; isFallbackAdapter?: boolean };
			isFallbackAdapter?: boolean;
		} | null>;
	};
}

/** Browser name and major version from a user agent string (enough to tell runs apart, not to sniff features). */
export function browserFromUserAgent(ua: string): string | null {
	const patterns: [string, RegExp][] = [
		['Edge', /Edg\/(\d+)/],
		['Firefox', /Firefox\/(\d+)/],
		['Chrome', /(?:HeadlessChrome|Chrome|Chromium)\/(\d+)/],
		['Safari', /Version\/(\d+)[^ ]* (?:Mobile\/\S+ )?Safari/],
		['Node.js', /Node\.js\/(\d+)/]
	];
	for (const [name, re] of patterns) {
		const m = ua.match(re);
		if (m) return `${name} ${m[1]}`;
	}
	return null;
}

export function osFromUserAgent(ua: string): string | null {
	if (/Android/.test(ua)) return 'Android';
	if (/iPhone|iPad|iPod/.test(ua)) return 'iOS';
	if (/Windows/.test(ua)) return 'Windows';
	if (/Mac OS X|Macintosh/.test(ua)) return 'macOS';
	if (/CrOS/.test(ua)) return 'ChromeOS';
	if (/Linux/.test(ua)) return 'Linux';
	return null;
}

export interface DeviceReportOptions {
	/** The local engine, for backend, threads and adapter as it chose them. */
	local?: EngineInfo | null;
	/** Ask WebGPU for an adapter when the engine did not report one (default true). */
	probeGpu?: boolean;
}

export async function collectDeviceReport(options: DeviceReportOptions = {}): Promise<DeviceReport> {
	const nav = (globalThis as { navigator?: NavigatorLike }).navigator;
	const proc = (globalThis as { process?: { versions?: { node?: string }; platform?: string } }).process;
	const isBrowser = typeof (globalThis as { window?: unknown }).window !== 'undefined';
	const ua = isBrowser
		? (nav?.userAgent ?? null)
		: proc?.versions?.node
			? `Node.js/${proc.versions.node}`
			: (nav?.userAgent ?? null);
	const local = options.local ?? null;
	let gpuAdapter: DeviceReport['gpuAdapter'] = local?.adapter ?? null;
	if (!gpuAdapter && isBrowser && (options.probeGpu ?? true) && nav?.gpu) {
		try {
			const adapter = await nav.gpu.requestAdapter();
			if (adapter?.info)
				gpuAdapter = {
					vendor: adapter.info.vendor,
					architecture: adapter.info.architecture,
					...(adapter.info.description ? { description: adapter.info.description } : {}),
					isFallbackAdapter: adapter.info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false
				};
		} catch {
			// No adapter is a fact worth reporting as null, not an error.
		}
	}
	return {
		runtime: isBrowser ? 'browser' : 'node',
		userAgent: ua,
		browser: ua ? browserFromUserAgent(ua) : null,
		os: isBrowser ? (ua ? osFromUserAgent(ua) : null) : (proc?.platform ?? null),
		cores: nav?.hardwareConcurrency ?? null,
		deviceMemoryGb: nav?.deviceMemory ?? null,
		gpuAdapter,
		backend: local?.backend ?? null,
		threads: local?.threads ?? null,
		crossOriginIsolated: typeof globalThis.crossOriginIsolated === 'boolean' ? globalThis.crossOriginIsolated : null,
		online: isBrowser && typeof nav?.onLine === 'boolean' ? nav.onLine : null,
		collectedAt: new Date().toISOString()
	};
}
