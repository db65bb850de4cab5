import { describe, expect, it } from 'vitest';
import type { RunMemory } from '../engine/types';
import { formatMiB } from './format';
import { engineMemory, formatMemoryFigure, memoryLines, plainMemoryReason } from './memory';
import { sampleBenchmark } from './testing/sample-records';

const MiB = 1024 ** 2;
const memory = (heap: number, page: number | null): RunMemory => ({
	wasmHeapAfterLoad: { bytes: 32 * MiB },
	wasmHeapPeak: { bytes: heap },
	model: { bytes: 1_800_000 },
	page: page === null ? { bytes: null, reason: 'not offered here' } : { bytes: page },
	webgpuBuffers: { bytes: null, reason: 'not a WebGPU run' }
});

describe('memory figures', () => {
	it('formats binary units and says why a figure is missing', () => {
		expect(formatMiB(48 * MiB)).toBe('48.0 MiB');
		expect(formatMiB(1.5 * 1024 * MiB)).toBe('1.50 GiB');
		expect(formatMemoryFigure({ bytes: null, reason: 'not a WebGPU run' })).toBe('unavailable: not a WebGPU run');
	});

	it('says a missing figure to a person on the tile, not the API that is missing', () => {
		const plain = (reason: string) => plainMemoryReason({ bytes: null, reason });
		expect(plain('performance.measureUserAgentSpecificMemory() is not offered to this worker')).toBe(
			'not measured in this browser'
		);
		expect(plain('the page is not cross-origin isolated')).toBe('not measured in this browser');
		expect(plain('the browser did not answer within 2 s')).toBe('not measured in this browser');
		expect(plain('no WebAssembly heap was seen in the worker (ONNX Runtime started before it was watched)')).toBe(
			'not measured for this run'
		);
		expect(plain('the model files did not declare their sizes')).toBe('sizes not known');
		expect(plain('not a WebGPU run')).toBe('not a WebGPU run');
		expect(plain('some long technical reason nobody planned for here')).toBe('not measured');
	});

	it('takes the largest figure over the counted runs, and the reason when none had it', async () => {
		const record = await sampleBenchmark(2);
		const local = record.runs.filter((r) => r.engineId === 'local');
		local.forEach((r, i) => (r.result.memory = memory((40 + i) * MiB, i === 1 ? 90 * MiB : null)));
		const m = engineMemory(record, 'local')!;
		expect(m.wasmHeapPeak.bytes).toBe((40 + local.length - 1) * MiB);
		expect(m.page.bytes).toBe(90 * MiB);
		expect(m.webgpuBuffers).toEqual({ bytes: null, reason: 'not a WebGPU run' });
		expect(engineMemory(record, 'cloud')).toBeNull();
		const lines = memoryLines(record);
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(
			/^Memory edgewise-tiny q8 \(wasm\) \(largest over runs\): wasm heap after load 32\.0 MiB; /
		);
		expect(lines[0]).toContain('webgpu buffers unavailable: not a WebGPU run');
	});
});
