// Runs the device probe in the browser: for each configuration plan.ts allows, on each registered runtime
// that can be probed, subjects (one per runtime, backend, thread count and depth: runtimes fix build and
// threads when their worker starts) load few-layer twins of the model's width and time greedy decode steps
// through the same load/generate calls a Run uses. Each runtime's subject says where its twins live (ONNX
// twins in Cache Storage, deleted as soon as each precision is done; GGUF twins in the worker's memory).
import { nowMs } from '../engine/types';
import type { ModelSource } from '../models/sources';
import {
	MAX_WASM_THREADS,
	browserBackendEnvironment,
	currentAdapter,
	isSoftwareAdapter,
	type BackendEnvironment
} from '../engine/local/backend';
import { localRuntime, probedRuntimes, type LocalRuntime, type RuntimeProbe } from '../runtimes';
import {
	PROBE_DECODE_STEPS,
	PROBE_DEPTHS,
	canStillWin,
	decodePassesFor,
	decodeStepsFor,
	chooseFastest,
	estimate,
	fitPerLayer,
	implausiblePerLayer,
	planProbe,
	probeShapeFor,
	probeTwin,
	type ProbeDtype,
	type ProbeGroup,
	type ProbeMeasurement,
	type ProbeResult,
	type ProbeSkip
} from './plan';
import { keyPartsFor, probeKey } from './cache';
import type { ProbeSubject } from './subject';
import { describeConfig, probeReason } from './wording';

export interface ProbeProgress {
	/** Configurations (backend x precision x threads) finished, of `total`. */
	done: number;
	total: number;
	/** What is being timed, e.g. "WebAssembly q8, 2 threads · 1 layer · Generating … layer 1 of 1". */
	label: string;
}

export interface ProbeRunOptions {
	source: ModelSource;
	signal?: AbortSignal;
	onProgress?: (progress: ProbeProgress) => void;
	environment?: BackendEnvironment;
	/** The runtimes to time, by id (default: every registered runtime that says how to probe it). */
	runtimes?: readonly string[];
	/** Stand-in workers per runtime id, for tests (default: each runtime's own). */
	createWorkers?: Readonly<Record<string, () => Worker>>;
}

export class ProbeCancelledError extends Error {
	override name = 'ProbeCancelledError';
	constructor() {
		super('The device probe was cancelled; Auto keeps its previous choice. Measure again when the device is free.');
	}
}

export async function runProbe(options: ProbeRunOptions): Promise<ProbeResult> {
	const startMs = nowMs();
	const env = options.environment ?? browserBackendEnvironment();
	const adapter = (await currentAdapter(env))?.adapter ?? null;
	const { shape } = probeShapeFor(options.source);
	const runtimes = (options.runtimes?.map(localRuntime) ?? probedRuntimes()).filter(
		(r): r is LocalRuntime & { probe: RuntimeProbe } => !!r.probe
	);
	const plan = planProbe(
		{ ...env, maxThreads: MAX_WASM_THREADS },
		adapter && { ...adapter, software: isSoftwareAdapter(adapter) },
		runtimes.map((r) => ({ id: r.id, webgpuThreads: r.probe.webgpuThreads }))
	);
	const measurements: ProbeMeasurement[] = [];
	const skipped: ProbeSkip[] = [...plan.skipped];
	const subjects = new Map<string, ProbeSubject>();
	const total = runtimes.reduce(
		(n, r) => n + r.probe.dtypes.length * plan.groups.filter((g) => g.runtime === r.id).length,
		0
	);
	let done = 0;
	const signal = options.signal;
	const cancelAll = () => subjects.forEach((s) => s.abort(new ProbeCancelledError()));
	signal?.addEventListener('abort', cancelAll, { once: true });
	/** One subject per configuration group and depth: both depths stay loaded, so their passes can alternate. */
	const subjectFor = async (runtime: RuntimeProbe, group: ProbeGroup, depth: number): Promise<ProbeSubject> => {
		const key = `${group.runtime}:${group.device}:${group.threads}:${depth}`;
		let subject = subjects.get(key);
		if (!subject) {
			// A runtime's code is loaded only when it is timed.
			subject = await runtime.subject(group, { env, createWorker: options.createWorkers?.[group.runtime] });
			subjects.set(key, subject);
		}
		return subject;
	};

	/**
	 * Loads the twin at every depth, then alternates timed passes between them (A B A B), so a burst of
	 * other work on the machine lands on both depths alike instead of bending the slope; the fastest
	 * pass per depth counts.
	 */
	const timeConfig = async (runtime: RuntimeProbe, group: ProbeGroup, dtype: ProbeDtype) => {
		const config = describeConfig({ ...group, dtype });
		const loaded: ProbeSubject[] = [];
		for (const [i, layers] of PROBE_DEPTHS.entries()) {
			const twin = probeTwin(shape, layers);
			const label = `${config} · ${layers} layer${layers === 1 ? '' : 's'}`;
			options.onProgress?.({ done, total, label: `${label} · loading` });
			const subject = await subjectFor(runtime, group, i);
			await subject.load(twin, dtype, (message) =>
				options.onProgress?.({ done, total, label: `${label} · ${message}` })
			);
			loaded.push(subject);
		}
		options.onProgress?.({ done, total, label: `${config} · timing decode steps` });
		// A first pass each lets the JIT and allocator settle (load's one-token warm-up is not enough) and sizes the timed ones.
		const warmUp: number[] = [];
		for (const subject of loaded) warmUp.push(await subject.decode(PROBE_DECODE_STEPS));
		// One step count and one best time per depth: warmUp, steps and best all have loaded's length.
		const steps = warmUp.map(decodeStepsFor);
		const best = loaded.map(() => Infinity);
		for (let pass = Math.min(...warmUp.map((ms, i) => decodePassesFor(ms, steps[i]!))); pass > 0; pass--) {
			for (const [i, subject] of loaded.entries()) best[i] = Math.min(best[i]!, await subject.decode(steps[i]!));
		}
		for (const subject of loaded) await subject.unload();
		return PROBE_DEPTHS.map((layers, i) => ({ layers, stepMs: best[i]! }));
	};

	/** Times one configuration, or records why it was left out. */
	const measureConfig = async (probe: RuntimeProbe, group: ProbeGroup, dtype: ProbeDtype) => {
		const { runtime, device, threads } = group;
		const sameRuntime = measurements.filter((m) => m.runtime === runtime);
		const oneThread = sameRuntime.find((m) => m.device === 'wasm' && m.threads === 1 && m.dtype === dtype);
		// Threads prune against the best of the same runtime: each runtime's Auto picks among its own.
		const best = chooseFastest(sameRuntime);
		if (
			device === 'wasm' &&
			threads > 1 &&
			oneThread &&
			best &&
			!canStillWin(oneThread.estimatedStepMs, threads, best.estimatedStepMs)
		) {
			const slower = oneThread.estimatedStepMs / best.estimatedStepMs;
			skipped.push({
				runtime,
				device,
				dtype,
				threads,
				reason: `${slower.toFixed(1)}x slower than the best on 1 thread, more than ${threads} threads can make up`
			});
			return;
		}
		try {
			// A deeper twin cannot be faster, and n threads cannot make a layer more than n times cheaper than
			// one thread does: a slope at or below zero, or below that bound, is the machine's noise, so measure
			// once more, and leave a configuration that stays that way out of the choice.
			const plausible = (t: { layers: number; stepMs: number }[]) => {
				const { perLayerMs } = fitPerLayer(t);
				const oneThreadPerLayerMs = device === 'wasm' && oneThread ? oneThread.perLayerMs : 0;
				return perLayerMs > 0 && !implausiblePerLayer(perLayerMs, oneThreadPerLayerMs, threads);
			};
			let timings = await timeConfig(probe, group, dtype);
			if (!plausible(timings)) timings = await timeConfig(probe, group, dtype);
			if (plausible(timings))
				measurements.push(estimate({ runtime, device, dtype, threads }, timings, shape.numLayers));
			else
				skipped.push({
					runtime,
					device,
					dtype,
					threads,
					reason: `too noisy to fit (${timings.map((t) => `${t.stepMs.toFixed(2)} ms at ${t.layers} layer${t.layers === 1 ? '' : 's'}`).join(', ')}, measured twice)`
				});
		} catch (error) {
			if (signal?.aborted) throw new ProbeCancelledError();
			// One configuration that cannot run here (a GPU device that fails to start) is a finding, not the end.
			skipped.push({ runtime, device, dtype, threads, reason: `failed: ${(error as Error).message}` });
		}
	};

	try {
		for (const runtime of runtimes) {
			for (const dtype of runtime.probe.dtypes) {
				for (const group of plan.groups.filter((g) => g.runtime === runtime.id)) {
					if (signal?.aborted) throw new ProbeCancelledError();
					await measureConfig(runtime.probe, group, dtype);
					done++;
				}
				await runtime.probe.cleanUp?.(shape);
			}
			// One runtime's workers at a time: the next runtime's are timed without the last one's memory beside them.
			for (const [key, subject] of subjects) {
				if (!key.startsWith(`${runtime.id}:`)) continue;
				subject.close();
				subjects.delete(key);
			}
		}
	} finally {
		signal?.removeEventListener('abort', cancelAll);
		for (const subject of subjects.values()) subject.close();
		for (const runtime of runtimes) await runtime.probe.cleanUp?.(shape).catch(() => undefined);
	}
	options.onProgress?.({ done: total, total, label: 'Done' });
	// Overall fastest; each runtime's Auto, and a model with fewer files (catalog entries), picks among its own (see probe-manager).
	const choice = chooseFastest(measurements);
	const fields = { measurements, skipped, choice };
	return {
		key: probeKey(keyPartsFor(options.source, env, adapter)),
		shape: shape.name,
		layers: shape.numLayers,
		depths: [...PROBE_DEPTHS],
		decodeSteps: PROBE_DECODE_STEPS,
		runtimes: runtimes.map((r) => r.id),
		...fields,
		reason: probeReason(fields),
		wallMs: nowMs() - startMs,
		measuredAt: new Date().toISOString(),
		adapter
	};
}
