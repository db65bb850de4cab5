// What the local inference worker does once its ONNX Runtime build is set up (worker.ts imports this
// module only after that, because transformers.js picks its ORT when it is first evaluated).
// Thin on purpose: load once (a memoised promise, dropped if loading fails), warm up with one token
// before saying ready, stream tokens stamped here, cancel, unload.
/// <reference lib="webworker" />
import { env } from '@huggingface/transformers';
import type { HandlerContext } from '../worker-rpc';
import { nowMs } from '../types';
import type {
	LocalProtocol,
	TokenBatch,
	WorkerGenerateRequest,
	WorkerGenerateResult,
	WorkerLoadRequest,
	WorkerLoadResult,
	WorkerPrepareRequest,
	WorkerPrepareResult
} from './protocol';
import { configureRuntime, hashMainFile, loadModel, releaseModel, warmUp, type LoadedModel } from './model-session';
import { reserveHeap, startOrt } from './runtime-start';
import { cachedOnnxBytes } from './cached-size';
import { onnxBytesOf } from './model-fetch';
import { TimedTokenStreamer } from './token-streamer';
import { buildInputs, hasChatTemplate } from './prompt';
import { runGeneration } from './generation';
import { DeviceLostError, NotLoadedError } from './load-errors';
import { ensureTwin } from './twin-cache';
import { runMemory, wasmHeapBytes, watchMemory } from './memory-watch';

// Before any ORT session: the heap and GPU buffers it creates are then seen (see memory-watch.ts).
watchMemory();

let current: { key: string; promise: Promise<LoadedModel>; generated: () => boolean } | null = null;
/** The loaded model's heap after warm-up and file bytes, for each run's memory figures. */
let loadedMemory: { heapAfterLoadBytes: number | null; modelBytes: number | null; device: 'webgpu' | 'wasm' } | null =
	null;
let liveSessions = 0;
let loads = 0;
let deviceLostReason: string | null = null;

async function unload(): Promise<boolean> {
	const previous = current;
	current = null;
	if (!previous) return false;
	const loaded = await previous.promise.catch(() => null);
	if (!loaded) return false;
	await releaseModel(loaded);
	liveSessions -= loaded.sessionCount;
	return true;
}

async function watchWebGpuDevice(): Promise<void> {
	deviceLostReason = null;
	const device = (await (env.backends.onnx.webgpu as { device?: Promise<GPUDevice> } | undefined)?.device) ?? null;
	device?.lost.then((info) => {
		deviceLostReason = info.message || info.reason || 'unknown reason';
	});
}

/** A load session needs about twice its file in the heap (the file's bytes, then the weights as tensors). */
const HEAP_PER_MODEL_BYTE = 2;
const MAX_RESERVED_BYTES = 1.5 * 1024 ** 3;

/**
 * Starts ONNX Runtime before any model is asked for: its wasm compiled (or taken from Chromium's code
 * cache), instantiated, its thread pool running and, for WebGPU, its GPU device created. On wasm, when the
 * model is already cached, it also reserves the heap its session will need (see reserveHeap). The first
 * load then skips all of that.
 */
let prepared: Promise<WorkerPrepareResult> | null = null;
let loadRequested = false;
export function prepare(request: WorkerPrepareRequest): Promise<WorkerPrepareResult> {
	prepared ??= (async () => {
		const startMs = nowMs();
		configureRuntime(request);
		await startOrt(request.device);
		// Only a head start: if the reservation fails (no Cache Storage, no memory), the load does without it.
		const reservedBytes =
			request.device === 'wasm' && request.model ? await reserveFor(request.model).catch(() => 0) : 0;
		return { prepareMs: nowMs() - startMs, reservedBytes };
	})();
	prepared.catch(() => (prepared = null));
	return prepared;
}

async function reserveFor(model: NonNullable<WorkerPrepareRequest['model']>): Promise<number> {
	if (loadRequested) return 0;
	const modelBytes = await cachedOnnxBytes(model.location, model.dtype);
	const target = Math.min(modelBytes * HEAP_PER_MODEL_BYTE, MAX_RESERVED_BYTES);
	return target > 0 ? reserveHeap(target, () => loadRequested) : 0;
}

export async function load(
	request: WorkerLoadRequest,
	progress: (p: import('../types').LoadProgress) => void
): Promise<WorkerLoadResult> {
	const startMs = nowMs();
	// A prepare still running finishes first (ORT must not be started twice at once), but stops reserving heap.
	loadRequested = true;
	await prepared?.catch(() => undefined);
	const key = JSON.stringify([request.location, request.device, request.dtype, request.threads]);
	if (current?.key !== key) {
		await unload();
		const { location } = request;
		let generated = false;
		const promise = (async () => {
			if (location.kind === 'twin') generated = await ensureTwin(location, request.dtype, progress);
			return loadModel(request, progress);
		})().then(async (loaded) => {
			liveSessions += loaded.sessionCount;
			loads++;
			if (request.device === 'webgpu') await watchWebGpuDevice();
			progress({ status: 'stage', stage: 'warming-up', message: 'Warming up (one token)' });
			await warmUp(loaded);
			return loaded;
		});
		current = { key, promise, generated: () => generated };
		// Dropped on failure so the next load tries again instead of replaying the error.
		promise.catch(() => {
			if (current?.promise === promise) current = null;
		});
	}
	const loaded = await current!.promise;
	// A twin generated during this load counts as cold: its files did not exist before.
	const generatedNow = current!.generated();
	const loadMs = nowMs() - startMs;
	const bytes = [...loaded.log.declaredBytes.values()].reduce((a, b) => a + b, 0);
	// A warm load reads the files from Cache Storage, past the fetch that logs declared sizes: the cached
	// responses know theirs. The ONNX files only, on both paths, so a cold and a warm load show one figure.
	const modelBytes = onnxBytesOf(loaded.log) || (await cachedOnnxBytes(request.location, request.dtype).catch(() => 0));
	loadedMemory = { heapAfterLoadBytes: wasmHeapBytes(), modelBytes: modelBytes || null, device: request.device };
	return {
		loadMs,
		loadKind: loaded.log.networkFiles.length > 0 || generatedNow ? 'cold' : 'warm',
		bytes: bytes || modelBytes || undefined,
		fileHash: await hashMainFile(loaded).catch(() => undefined),
		build: request.build,
		threads: request.device === 'wasm' ? request.threads : 1,
		notices: [],
		chatTemplate: hasChatTemplate(loaded.tokenizer)
	};
}

export async function generate(
	request: WorkerGenerateRequest,
	ctx: HandlerContext<TokenBatch>
): Promise<WorkerGenerateResult> {
	if (!current) throw new NotLoadedError();
	const loaded = await current.promise;
	if (deviceLostReason) throw new DeviceLostError(deviceLostReason);
	const { tokenizer, model } = loaded;
	const inputs = buildInputs(tokenizer, request.input);
	const inputTokens = inputs.input_ids.dims.at(-1) ?? 0;
	const flag = request.interruptFlag ? new Int32Array(request.interruptFlag) : null;
	// Cancel arrives as an RPC cancel message (seen when the generate loop yields to the event loop)
	// or through a flag in shared memory the page sets, read on every step even when it never yields.
	const isCancelled = () => ctx.signal.aborted || (flag !== null && Atomics.load(flag, 0) === 1);
	const streamer = new TimedTokenStreamer(
		tokenizer as never,
		(batch) => ctx.progress(batch),
		undefined,
		undefined,
		request.stop ?? []
	);
	try {
		await runGeneration(model, inputs, streamer, request, () => isCancelled() || streamer.stopped);
	} catch (error) {
		if (deviceLostReason) throw new DeviceLostError(deviceLostReason);
		throw error;
	}
	const cancelled = isCancelled();
	const outputTokens = streamer.ids.length;
	return {
		text: streamer.stopped ? streamer.text : tokenizer.decode(streamer.ids, { skip_special_tokens: true }),
		inputTokens,
		outputTokens,
		tokenIds: streamer.ids,
		arrivalsMs: streamer.timesMs,
		finishReason: cancelled
			? 'cancelled'
			: streamer.stopped
				? 'stop'
				: outputTokens >= request.maxNewTokens
					? 'length'
					: 'stop',
		memory: await runMemory(loadedMemory ?? { heapAfterLoadBytes: null, modelBytes: null, device: 'wasm' })
	};
}

export async function unloadModel(): Promise<LocalProtocol['unload']['result']> {
	return { released: await unload() };
}

export function stats(): LocalProtocol['stats']['result'] {
	return { liveSessions, loads };
}
