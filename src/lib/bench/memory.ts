// Memory figures as they read on the pane, in results and in the CLI: one line per figure, bytes in
// binary units (a wasm heap grows in 64 KiB pages), or "unavailable" with the reason.
import type { MemoryFigure, RunMemory } from '../engine/types';
import { formatMiB } from './format';
import type { ResultRecord } from './schema';

export const MEMORY_FIGURES: { key: keyof RunMemory; label: string; hint: string }[] = [
	{
		key: 'wasmHeapAfterLoad',
		label: 'Wasm heap after load',
		hint: "ONNX Runtime's WebAssembly heap after load and warm-up"
	},
	{
		key: 'wasmHeapPeak',
		label: 'Wasm heap peak',
		hint: 'The heap after the run; a WebAssembly heap never shrinks, so this is its peak during the run'
	},
	{ key: 'model', label: 'Model files', hint: 'Bytes of the model files loaded' },
	{
		key: 'page',
		label: 'Page total',
		hint: "The whole page's memory, from performance.measureUserAgentSpecificMemory()"
	},
	{ key: 'webgpuBuffers', label: 'WebGPU buffers', hint: 'GPU buffers created and not destroyed (WebGPU runs)' }
];

/**
 * A missing figure's reason as a person reads it on a tile ("not measured in this browser"); the engine's
 * technical reason (which API, which condition) stays in `reason`, for a tooltip, the saved result and the CLI.
 */
export function plainMemoryReason(figure: MemoryFigure): string {
	const reason = figure.reason ?? '';
	for (const [pattern, plain] of PLAIN_REASONS) if (pattern.test(reason)) return plain;
	return reason.length <= 30 && reason ? reason : 'not measured';
}
const PLAIN_REASONS: [RegExp, string][] = [
	[
		/measureUserAgentSpecificMemory|cross-origin isolated|browser refused|browser did not answer/,
		'not measured in this browser'
	],
	[/WebAssembly heap|no GPU buffers were seen/, 'not measured for this run'],
	[/did not declare their sizes/, 'sizes not known'],
	[/not a WebGPU run/, 'not a WebGPU run']
];

export function formatMemoryFigure(figure: MemoryFigure): string {
	return figure.bytes === null ? `unavailable: ${figure.reason ?? 'not measured'}` : formatMiB(figure.bytes);
}

/**
 * One engine's memory over a result's counted runs: the largest of each figure (a heap or page peak is
 * the worst case a device must hold), or the first run's reason when no run had it. null when no run
 * recorded memory (remote engines, older records).
 */
export function engineMemory(record: ResultRecord, engineId: string): RunMemory | null {
	const memories = record.runs.flatMap((r) =>
		r.engineId === engineId && !r.warmup && r.result.memory ? [r.result.memory] : []
	);
	if (memories.length === 0) return null;
	const largest = (key: keyof RunMemory): MemoryFigure => {
		const measured = memories.flatMap((m) => (m[key].bytes === null ? [] : [m[key].bytes]));
		return measured.length ? { bytes: Math.max(...measured) } : memories[0]![key]; // non-empty: returned null above
	};
	return Object.fromEntries(MEMORY_FIGURES.map(({ key }) => [key, largest(key)])) as unknown as RunMemory;
}

/** Lines for the CLI: `Memory <engine>: heap after load 12.0 MiB, ...`, engines without figures left out. */
export function memoryLines(record: ResultRecord): string[] {
	return record.engines.flatMap(({ id, info }) => {
		const memory = engineMemory(record, id);
		if (!memory) return [];
		const parts = MEMORY_FIGURES.map(({ key, label }) => `${label.toLowerCase()} ${formatMemoryFigure(memory[key])}`);
		return [`Memory ${info.label} (largest over runs): ${parts.join('; ')}`];
	});
}
