// Probe results are kept per device and shape: another browser version, GPU, core count or shape is
// another key; what no longer parses is ignored; LocalEngine's lookup finds the entry for its model.
import { describe, expect, it } from 'vitest';
import { estimate, fastestFor, type ProbeResult } from './plan';
import { keyPartsFor, probeKey, readProbe, storedProbeLookup, writeProbe } from './cache';

function memoryStore(): Pick<Storage, 'getItem' | 'setItem'> & { items: Map<string, string> } {
	const items = new Map<string, string>();
	return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

const env = { hardwareConcurrency: 2, crossOriginIsolated: true, userAgent: 'HeadlessChrome/156' };
const adapter = { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true };

function result(key: string): ProbeResult {
	const m = estimate(
		{ runtime: 'onnxruntime-web', device: 'wasm', dtype: 'q8', threads: 2 },
		[
			{ layers: 1, stepMs: 3 },
			{ layers: 2, stepMs: 4 }
		],
		2
	);
	return {
		key,
		shape: 'tiny',
		layers: 2,
		depths: [1, 2],
		decodeSteps: 8,
		runtimes: ['onnxruntime-web', 'llama.cpp'],
		measurements: [m],
		skipped: [],
		choice: m,
		reason: 'r',
		wallMs: 9,
		measuredAt: 'now',
		adapter
	};
}

describe('probe cache', () => {
	it('keys by cores, isolation, adapter, user agent and shape', () => {
		const base = keyPartsFor({ kind: 'default' }, env, adapter);
		const keys = new Set([
			probeKey(base),
			probeKey({ ...base, hardwareConcurrency: 4 }),
			probeKey({ ...base, crossOriginIsolated: false }),
			probeKey({ ...base, adapter: null }),
			probeKey({ ...base, userAgent: 'HeadlessChrome/157' }),
			probeKey(keyPartsFor({ kind: 'twin', shape: 'smollm2-135m' }, env, adapter))
		]);
		expect(keys.size).toBe(6);
		// A catalog model shares its twin's shape, so one probe serves both.
		expect(probeKey(keyPartsFor({ kind: 'hub', id: 'HuggingFaceTB/SmolLM2-135M-Instruct' }, env, adapter))).toBe(
			probeKey(keyPartsFor({ kind: 'twin', shape: 'smollm2-135m' }, env, adapter))
		);
	});

	it('reads back what it wrote, and ignores junk or an entry stored under another key', () => {
		const store = memoryStore();
		const key = probeKey(keyPartsFor({ kind: 'default' }, env, adapter));
		expect(readProbe(key, store)).toBeNull();
		writeProbe(result(key), store);
		expect(readProbe(key, store)).toEqual(result(key));
		store.items.set(`edgewise:probe:${key}`, '{not json');
		expect(readProbe(key, store)).toBeNull();
		store.items.set(`edgewise:probe:${key}`, JSON.stringify(result('other')));
		expect(readProbe(key, store)).toBeNull();
	});

	it('reads an entry saved before llama.cpp was timed: its rows are ONNX Runtime rows, and it says it timed only that', () => {
		const store = memoryStore();
		const key = probeKey(keyPartsFor({ kind: 'default' }, env, adapter));
		// The stored shape of the first probe release: no runtime on rows or skips, no runtimes list.
		const { runtimes: _, ...old } = result(key);
		const strip = ({ runtime: _r, ...row }: ProbeResult['measurements'][number]) => row;
		store.items.set(
			`edgewise:probe:${key}`,
			JSON.stringify({ ...old, measurements: old.measurements.map(strip), choice: strip(old.choice!) })
		);
		const read = readProbe(key, store);
		expect(read?.runtimes).toEqual(['onnxruntime-web']);
		expect(read?.measurements.map((m) => m.runtime)).toEqual(['onnxruntime-web']);
		expect(read?.choice).toMatchObject({ runtime: 'onnxruntime-web', device: 'wasm', dtype: 'q8', threads: 2 });
		expect(fastestFor(read!, 'q8', { webgpu: false }, 'llama.cpp')).toBeNull();
	});

	it('the lookup LocalEngine uses finds the entry for its model on this adapter only', () => {
		const store = memoryStore();
		writeProbe(result(probeKey(keyPartsFor({ kind: 'default' }, env, adapter))), store);
		const lookup = storedProbeLookup({ kind: 'default' }, env, store);
		expect(lookup(adapter)?.choice).toMatchObject({ device: 'wasm', threads: 2 });
		expect(lookup(null)).toBeNull();
		expect(storedProbeLookup({ kind: 'twin', shape: 'smollm2-135m' }, env, store)(adapter)).toBeNull();
	});
});
