// Runs the device probe in the browser: for each configuration probe-plan.ts allows, local workers
// (one per ORT build, thread count and depth: ORT fixes build and threads when it starts) load few-layer
// twins of the model's width, generated into Cache Storage by the worker itself, and time greedy decode
// steps through the same load/generate messages a Run uses. The twins are deleted again as soon as each
// precision is done, so at most two of them take space at a time.
import { nowMs } from '../types';
import { createRpcClient, type RpcClient } from '../worker-rpc';
import type { ModelSource } from '../../models/sources';
import type { ModelShape } from '../../models/synthetic/shapes';
import { deleteCachedModel } from '../../models/storage';
import type { LocalProtocol } from './protocol';
import { createLocalWorker } from './local-engine';
import {
	ASYNCIFY_BUILD,
	MAX_WASM_THREADS,
	PLAIN_BUILD,
	browserBackendEnvironment,
	currentAdapter,
	isSoftwareAdapter,
	type BackendEnvironment,
	type OrtWasmPaths
} from './backend';
import {
	PROBE_DECODE_STEPS,
	PROBE_DEPTHS,
	PROBE_DTYPES,
	PROBE_SEED,
	canStillWin,
	decodePassesFor,
	decodeStepsFor,
	chooseFastest,
	describeConfig,
	estimate,
	fitPerLayer,
	medianStepMs,
	planProbe,
	probeReason,
	probeShapeFor,
	probeTwin,
	type ProbeDtype,
	type ProbeMeasurement,
	type ProbeResult,
	type ProbeSkip
} from './probe-plan';
import { keyPartsFor, probeKey } from './probe-cache';

export interface ProbeProgress {
	/** Configurations (backend x precision x threads) finished, of `total`. */
	done: number;
	total: number;
	/** What is being timed, e.g. "WebAssembly q8, 2 threads · 1 layer · Generating … layer 1 of 1". */
	label: string;
}

export interface ProbeRunOptions {
	source: ModelSource;
	wasmPaths: OrtWasmPaths;
	signal?: AbortSignal;
	onProgress?: (progress: ProbeProgress) => void;
	environment?: BackendEnvironment;
	createWorker?: () => Worker;
}

export class ProbeCancelledError extends Error {
	override name = 'ProbeCancelledError';
	constructor() {
		super('The device probe was cancelled; Auto keeps its previous choice. Measure again when the device is free.');
	}
}

interface ProbeWorker {
	worker: Worker;
	rpc: RpcClient<LocalProtocol>;
}

export async function runProbe(options: ProbeRunOptions): Promise<ProbeResult> {
	const startMs = nowMs();
	const env = options.environment ?? browserBackendEnvironment();
	const adapter = (await currentAdapter(env))?.adapter ?? null;
	const { shape } = probeShapeFor(options.source);
	const plan = planProbe(
		{ ...env, maxThreads: MAX_WASM_THREADS },
		adapter && { ...adapter, software: isSoftwareAdapter(adapter) }
	);
	const measurements: ProbeMeasurement[] = [];
	const skipped: ProbeSkip[] = [...plan.skipped];
	const workers = new Map<string, ProbeWorker>();
	const total = PROBE_DTYPES.length * plan.groups.length;
	let done = 0;
	const signal = options.signal;
	const cancelAll = () =>
		workers.forEach(({ worker, rpc }) => (rpc.failAll(new ProbeCancelledError()), worker.terminate()));
	signal?.addEventListener('abort', cancelAll, { once: true });

	/** One worker per configuration group and depth: both depths stay loaded, so their passes can alternate. */
	const workerFor = (group: { device: string; threads: number }, depth: number): ProbeWorker => {
		const key = `${group.device}:${group.threads}:${depth}`;
		let entry = workers.get(key);
		if (!entry) {
			const worker = (options.createWorker ?? createLocalWorker)();
			entry = { worker, rpc: createRpcClient<LocalProtocol>(worker) };
			workers.set(key, entry);
		}
		return entry;
	};

	const decode = async (rpc: RpcClient<LocalProtocol>, steps: number) =>
		medianStepMs(
			(
				await rpc.call('generate', {
					input: { mode: 'completion', prompt: 'The edge' },
					maxNewTokens: steps + 1,
					temperature: 0,
					ignoreEos: true,
					requestMs: nowMs()
				})
			).arrivalsMs
		);

	/**
	 * Loads the twin at every depth, then alternates timed passes between them (A B A B), so a burst of
	 * other work on the machine lands on both depths alike instead of bending the slope; the fastest
	 * pass per depth counts.
	 */
	const timeConfig = async (group: { device: 'wasm' | 'webgpu'; threads: number }, dtype: ProbeDtype) => {
		const build = group.device === 'webgpu' ? ASYNCIFY_BUILD : PLAIN_BUILD;
		const config = describeConfig({ ...group, dtype });
		const rpcs: RpcClient<LocalProtocol>[] = [];
		for (const [i, layers] of PROBE_DEPTHS.entries()) {
			const twin = probeTwin(shape, layers);
			const label = `${config} · ${layers} layer${layers === 1 ? '' : 's'}`;
			options.onProgress?.({ done, total, label: `${label} · loading` });
			const { rpc } = workerFor(group, i);
			await rpc.call(
				'load',
				{
					location: { kind: 'twin', id: twin.id, shape: twin.shape, seed: PROBE_SEED },
					device: group.device,
					dtype,
					threads: group.threads,
					build,
					wasmPaths: options.wasmPaths[build],
					maxBytes: null
				},
				{
					onProgress: (p) =>
						p.status === 'stage' && options.onProgress?.({ done, total, label: `${label} · ${p.message}` })
				}
			);
			rpcs.push(rpc);
		}
		options.onProgress?.({ done, total, label: `${config} · timing decode steps` });
		// A first pass each lets the JIT and allocator settle (load's one-token warm-up is not enough) and sizes the timed ones.
		const warmUp: number[] = [];
		for (const rpc of rpcs) warmUp.push(await decode(rpc, PROBE_DECODE_STEPS));
		// One step count and one best time per depth: warmUp, steps and best all have rpcs' length.
		const steps = warmUp.map(decodeStepsFor);
		const best = rpcs.map(() => Infinity);
		for (let pass = Math.min(...warmUp.map((ms, i) => decodePassesFor(ms, steps[i]!))); pass > 0; pass--) {
			for (const [i, rpc] of rpcs.entries()) best[i] = Math.min(best[i]!, await decode(rpc, steps[i]!));
		}
		for (const rpc of rpcs) await rpc.call('unload', null);
		return PROBE_DEPTHS.map((layers, i) => ({ layers, stepMs: best[i]! }));
	};

	try {
		for (const dtype of PROBE_DTYPES) {
			for (const group of plan.groups) {
				if (signal?.aborted) throw new ProbeCancelledError();
				const oneThread = measurements.find((m) => m.device === 'wasm' && m.threads === 1 && m.dtype === dtype);
				const best = chooseFastest(measurements);
				if (
					group.device === 'wasm' &&
					group.threads > 1 &&
					oneThread &&
					best &&
					!canStillWin(oneThread.estimatedStepMs, group.threads, best.estimatedStepMs)
				) {
					const slower = oneThread.estimatedStepMs / best.estimatedStepMs;
					skipped.push({
						device: 'wasm',
						dtype,
						threads: group.threads,
						reason: `${slower.toFixed(1)}x slower than the best on 1 thread, more than ${group.threads} threads can make up`
					});
					done++;
					continue;
				}
				try {
					// A deeper twin cannot be faster: a slope at or below zero is the machine's noise, so measure
					// once more, and leave a configuration that stays that way out of the choice.
					let timings = await timeConfig(group, dtype);
					if (fitPerLayer(timings).perLayerMs <= 0) timings = await timeConfig(group, dtype);
					if (fitPerLayer(timings).perLayerMs > 0)
						measurements.push(
							estimate({ device: group.device, dtype, threads: group.threads }, timings, shape.numLayers)
						);
					else
						skipped.push({
							device: group.device,
							dtype,
							threads: group.threads,
							reason: `too noisy to fit (${timings.map((t) => `${t.stepMs.toFixed(2)} ms at ${t.layers} layer${t.layers === 1 ? '' : 's'}`).join(', ')}, measured twice)`
						});
				} catch (error) {
					if (signal?.aborted) throw new ProbeCancelledError();
					// One configuration that cannot run here (a GPU device that fails to start) is a finding, not the end.
					skipped.push({
						device: group.device,
						dtype,
						threads: group.threads,
						reason: `failed: ${(error as Error).message}`
					});
				}
				done++;
			}
			await deleteProbeTwins(shape);
		}
	} finally {
		signal?.removeEventListener('abort', cancelAll);
		for (const { worker, rpc } of workers.values()) {
			rpc.close();
			worker.terminate();
		}
		await deleteProbeTwins(shape).catch(() => undefined);
	}
	options.onProgress?.({ done: total, total, label: 'Done' });
	// Overall fastest; a model with fewer files (catalog entries) picks among its own (see probe-manager).
	const choice = chooseFastest(measurements);
	const fields = { measurements, skipped, choice };
	return {
		key: probeKey(keyPartsFor(options.source, env, adapter)),
		shape: shape.name,
		layers: shape.numLayers,
		depths: [...PROBE_DEPTHS],
		decodeSteps: PROBE_DECODE_STEPS,
		...fields,
		reason: probeReason(fields),
		wallMs: nowMs() - startMs,
		measuredAt: new Date().toISOString(),
		adapter
	};
}

async function deleteProbeTwins(shape: ModelShape): Promise<void> {
	const origin = globalThis.location?.origin;
	if (!origin) return;
	for (const layers of PROBE_DEPTHS) await deleteCachedModel(`${origin}/models/${probeTwin(shape, layers).id}/`);
}
