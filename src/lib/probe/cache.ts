// Where probe results are kept: localStorage, one entry per device and model shape. The key holds what
// changes the answer: cores, cross-origin isolation (threads), the GPU adapter, the browser (user agent,
// which carries its version and so its ONNX Runtime and WebGPU), and the shape. A new browser version or
// another GPU is a new key, so a stale figure is never applied to a device it was not measured on.
//
// Entries saved before the probe timed llama.cpp keep their key and still parse: the schema reads their
// rows as ONNX Runtime's and their `runtimes` as ONNX Runtime only, so ONNX Runtime's Auto keeps using
// them, llama.cpp's Auto finds no rows (and goes by rule), and the probe panel offers to measure again.
import type { EngineInfo } from '../engine/types';
import type { ModelSource } from '../models/sources';
import { ProbeReportSchema } from '../bench/schema';
import { probeShapeFor, type ProbeResult } from './plan';
import type { BackendEnvironment, MeasuredLookup } from '../engine/local/backend';

const PREFIX = 'edgewise:probe:';

export interface ProbeKeyParts {
	hardwareConcurrency: number;
	crossOriginIsolated: boolean;
	userAgent: string;
	adapter: NonNullable<EngineInfo['adapter']> | null;
	shape: string;
}

export function probeKey(parts: ProbeKeyParts): string {
	const adapter = parts.adapter
		? [
				parts.adapter.vendor,
				parts.adapter.architecture,
				parts.adapter.description ?? '',
				parts.adapter.isFallbackAdapter ? 'fallback' : ''
			]
		: null;
	return JSON.stringify([parts.shape, parts.hardwareConcurrency, parts.crossOriginIsolated, adapter, parts.userAgent]);
}

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

function storage(): StorageLike | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null;
	}
}

/** The stored result for `key`, or null when there is none or it no longer parses. */
export function readProbe(key: string, store: StorageLike | null = storage()): ProbeResult | null {
	const raw = store?.getItem(PREFIX + key);
	if (!raw) return null;
	try {
		const parsed = ProbeReportSchema.safeParse(JSON.parse(raw));
		return parsed.success && parsed.data.key === key ? parsed.data : null;
	} catch {
		return null;
	}
}

export function writeProbe(result: ProbeResult, store: StorageLike | null = storage()): void {
	try {
		store?.setItem(PREFIX + result.key, JSON.stringify(result));
	} catch {
		// Full or disabled storage: the result serves this visit only.
	}
}

/** The key parts of this browser for a model, once the adapter is known. */
export function keyPartsFor(
	source: ModelSource,
	env: BackendEnvironment,
	adapter: ProbeKeyParts['adapter']
): ProbeKeyParts {
	return {
		hardwareConcurrency: env.hardwareConcurrency,
		crossOriginIsolated: env.crossOriginIsolated,
		userAgent: env.userAgent ?? '',
		adapter,
		shape: probeShapeFor(source).shape.name
	};
}

/** What LocalEngine hands chooseBackend: this browser's stored probe for the model's shape, if any. */
export function storedProbeLookup(
	source: ModelSource,
	env: BackendEnvironment,
	store: StorageLike | null = storage()
): MeasuredLookup {
	return (adapter) => readProbe(probeKey(keyPartsFor(source, env, adapter)), store);
}
