// Devices side by side: saved results from several devices (imported files), grouped by what ran (model,
// dtype, backend) and by the device it ran on (its device report). Each cell is the median over every
// counted run of that configuration on that device, across all its results; load, which happens once per
// result rather than per run, is the median over the results that timed one, cold and warm apart.
import type { LoadKind } from '../engine/types';
import { formatMs, MISSING } from './format';
import { engineMemory } from './memory';
import { runsOnDevice } from './scale';
import type { QualityScore } from '../quality/schema';
import type { DeviceReport, ResultRecord } from './schema';
import { summarize } from './stats';

/** What identifies a device across its results: the fields of its report that do not change run to run. */
export function deviceKey(device: DeviceReport): string {
	const gpu = device.gpuAdapter ? `${device.gpuAdapter.vendor}/${device.gpuAdapter.architecture}` : 'no-gpu';
	return [
		device.runtime,
		device.userAgent ?? device.browser ?? '?',
		device.os ?? '?',
		device.cores ?? '?',
		device.deviceMemoryGb ?? '?',
		gpu
	].join('|');
}

/** A device's name from its report, until the person gives it another. */
export function defaultDeviceLabel(device: DeviceReport): string {
	const parts = [device.browser ?? device.runtime, device.os, device.cores ? `${device.cores} cores` : null];
	if (device.gpuAdapter) parts.push(`${device.gpuAdapter.vendor} ${device.gpuAdapter.architecture}`);
	return parts.filter(Boolean).join(', ');
}

/** The median of one kind of load, over `loads` timed loads. */
export interface LoadFigure {
	loadKind: LoadKind;
	medianMs: number;
	loads: number;
}

export interface DeviceCell {
	deviceKey: string;
	device: DeviceReport;
	/** Counted runs behind the medians, over `results` saved results. */
	runs: number;
	results: number;
	decodeTokensPerS: number | null;
	ttftMs: number | null;
	e2eMs: number | null;
	/** Warm loads first, then cold: a warm load is what a returning user waits; empty when no result timed one. */
	load: LoadFigure[];
	/** The largest wasm heap over the runs, bytes, when recorded. */
	wasmHeapPeakBytes: number | null;
	/** Every counted run's figure, for the charts. */
	runValues: { decodeTokensPerS: number[]; ttftMs: number[] };
	/**
	 * Quality per suite, from the newest result that ran it here. Not pooled across results: greedy answers to
	 * the same items repeat, so pooling would narrow the interval without adding evidence.
	 */
	quality: (QualityScore & { createdAt: string })[];
}

export interface ConfigRow {
	/** `model dtype backend`, what must match for devices to compare. */
	config: string;
	cells: DeviceCell[];
}

/** On-device engines of every record, grouped by configuration, one cell per device (in first-seen order). */
export function devicesTable(records: ResultRecord[]): ConfigRow[] {
	const groups = new Map<string, Map<string, { device: DeviceReport; ids: Set<string>; values: Values }>>();
	for (const record of records) {
		for (const { id, info, load, quality } of record.engines) {
			if (!runsOnDevice(info)) continue;
			const config = [info.model.id, info.model.dtype ?? '?', info.backend ?? '?'].join(' ');
			const key = deviceKey(record.device);
			const byDevice = groups.get(config) ?? new Map();
			groups.set(config, byDevice);
			const cell = byDevice.get(key) ?? { device: record.device, ids: new Set<string>(), values: emptyValues() };
			byDevice.set(key, cell);
			cell.ids.add(record.id);
			for (const run of record.runs)
				if (run.engineId === id && !run.warmup && run.metrics) {
					cell.values.decode.push(run.metrics.decodeTokensPerS);
					cell.values.ttft.push(run.metrics.ttftMs);
					cell.values.e2e.push(run.metrics.e2eMs);
				}
			if (load) cell.values.load[load.loadKind].push(load.loadMs);
			const heap = engineMemory(record, id)?.wasmHeapPeak.bytes;
			if (heap != null) cell.values.heap.push(heap);
			for (const q of quality?.suites ?? []) {
				const seen = cell.values.quality.get(q.suite);
				if (!seen || seen.createdAt < record.createdAt)
					cell.values.quality.set(q.suite, { ...q, createdAt: record.createdAt });
			}
		}
	}
	return [...groups].map(([config, byDevice]) => ({
		config,
		cells: [...byDevice].map(([key, { device, ids, values }]) => ({
			deviceKey: key,
			device,
			runs: values.ttft.length,
			results: ids.size,
			decodeTokensPerS: summarize(values.decode)?.median ?? null,
			ttftMs: summarize(values.ttft)?.median ?? null,
			e2eMs: summarize(values.e2e)?.median ?? null,
			load: LOAD_ORDER.flatMap((loadKind) => {
				const summary = summarize(values.load[loadKind]);
				return summary ? [{ loadKind, medianMs: summary.median, loads: summary.n }] : [];
			}),
			wasmHeapPeakBytes: values.heap.length ? Math.max(...values.heap) : null,
			runValues: { decodeTokensPerS: numbers(values.decode), ttftMs: numbers(values.ttft) },
			quality: [...values.quality.values()]
		}))
	}));
}

/**
 * A cell's load as the table reads: "412 ms warm", both kinds when both were timed ("412 ms warm, 2100 ms
 * cold"), how many results it rests on when some did not time a load, and "—" when none did.
 */
export function formatLoad(cell: Pick<DeviceCell, 'load' | 'results'>): string {
	if (cell.load.length === 0) return MISSING;
	const text = cell.load.map((f) => `${formatMs(f.medianMs)} ${f.loadKind}`).join(', ');
	const timed = cell.load.reduce((sum, f) => sum + f.loads, 0);
	return timed < cell.results ? `${text} (${timed} of ${cell.results} results)` : text;
}

const LOAD_ORDER: LoadKind[] = ['warm', 'cold'];

interface Values {
	decode: (number | null)[];
	ttft: (number | null)[];
	e2e: (number | null)[];
	heap: number[];
	load: Record<LoadKind, number[]>;
	quality: Map<string, QualityScore & { createdAt: string }>;
}
const numbers = (values: (number | null)[]) => values.filter((v): v is number => v !== null);
const emptyValues = (): Values => ({
	decode: [],
	ttft: [],
	e2e: [],
	heap: [],
	load: { cold: [], warm: [] },
	quality: new Map()
});
