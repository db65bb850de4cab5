// Memory figures for a local run, measured in the worker. ONNX Runtime Web does not report its heap or
// its GPU buffers, so the worker watches them where they are made: every WebAssembly.Memory created
// after `watchMemory()` (ORT's Emscripten module makes its heap with `new WebAssembly.Memory`) and every
// GPUBuffer created through a GPUDevice, until destroyed. A wasm heap only grows, never shrinks, so its
// size after a run is also its peak during the run. A GPU buffer dropped without destroy() still counts:
// the figure is an upper bound on what the session holds.
/// <reference lib="webworker" />
import type { RunMemory } from '../types';

const memories = new Set<WebAssembly.Memory>();
const gpuSizes = new WeakMap<object, number>();
let gpuLiveBytes = 0;
let gpuBuffers = 0;
let watching = false;

/** Call before ONNX Runtime creates its module (the worker imports this before its first session). */
export function watchMemory(): void {
	if (watching) return;
	watching = true;
	const Native = WebAssembly.Memory;
	WebAssembly.Memory = new Proxy(Native, {
		construct(target, args: [WebAssembly.MemoryDescriptor]) {
			const memory = Reflect.construct(target, args) as WebAssembly.Memory;
			memories.add(memory);
			return memory;
		}
	});
	const device = (globalThis as { GPUDevice?: { prototype: GPUDevice } }).GPUDevice?.prototype;
	const buffer = (globalThis as { GPUBuffer?: { prototype: GPUBuffer } }).GPUBuffer?.prototype;
	if (!device || !buffer) return;
	const createBuffer = device.createBuffer;
	device.createBuffer = function (this: GPUDevice, descriptor: GPUBufferDescriptor) {
		const made = createBuffer.call(this, descriptor);
		gpuSizes.set(made, descriptor.size);
		gpuLiveBytes += descriptor.size;
		gpuBuffers++;
		return made;
	};
	const destroy = buffer.destroy;
	buffer.destroy = function (this: GPUBuffer) {
		const size = gpuSizes.get(this);
		if (size !== undefined) {
			gpuLiveBytes -= size;
			gpuSizes.delete(this);
		}
		return destroy.call(this);
	};
}

/** The largest wasm heap in this worker (ORT's), bytes; null when none was created after watchMemory(). */
export function wasmHeapBytes(): number | null {
	let largest = 0;
	for (const memory of memories) largest = Math.max(largest, memory.buffer.byteLength);
	return largest > 0 ? largest : null;
}

export interface MemoryContext {
	device: 'webgpu' | 'wasm';
	heapAfterLoadBytes: number | null;
	modelBytes: number | null;
}

const NO_HEAP = 'no WebAssembly heap was seen in the worker (ONNX Runtime started before it was watched)';

/** The run's memory figures: each a number, or null with the reason it is unavailable. */
export async function runMemory(ctx: MemoryContext): Promise<RunMemory> {
	const heap = wasmHeapBytes();
	return {
		wasmHeapAfterLoad:
			ctx.heapAfterLoadBytes === null ? { bytes: null, reason: NO_HEAP } : { bytes: ctx.heapAfterLoadBytes },
		wasmHeapPeak: heap === null ? { bytes: null, reason: NO_HEAP } : { bytes: heap },
		model:
			ctx.modelBytes === null
				? { bytes: null, reason: 'the model files did not declare their sizes' }
				: { bytes: ctx.modelBytes },
		page: await pageTotal(),
		webgpuBuffers:
			ctx.device !== 'webgpu'
				? { bytes: null, reason: 'not a WebGPU run' }
				: gpuBuffers === 0
					? { bytes: null, reason: 'no GPU buffers were seen (the device was created before it was watched)' }
					: { bytes: gpuLiveBytes }
	};
}

type MeasureMemory = () => Promise<{ bytes: number }>;
const PAGE_MEASURE_TIMEOUT_MS = 2000;

async function pageTotal(): Promise<RunMemory['page']> {
	const measure = (performance as { measureUserAgentSpecificMemory?: MeasureMemory }).measureUserAgentSpecificMemory;
	if (typeof measure !== 'function')
		return { bytes: null, reason: 'performance.measureUserAgentSpecificMemory() is not offered to this worker' };
	if (!globalThis.crossOriginIsolated) return { bytes: null, reason: 'the page is not cross-origin isolated' };
	// The browser may wait for its next garbage collection before answering: a run does not wait that long.
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), PAGE_MEASURE_TIMEOUT_MS)));
	try {
		const result = await Promise.race([measure.call(performance), timeout]);
		return result === null
			? { bytes: null, reason: `the browser did not answer within ${PAGE_MEASURE_TIMEOUT_MS / 1000} s` }
			: { bytes: result.bytes };
	} catch (error) {
		return { bytes: null, reason: `the browser refused: ${error instanceof Error ? error.message : String(error)}` };
	} finally {
		clearTimeout(timer);
	}
}
