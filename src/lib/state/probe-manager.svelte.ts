// The device probe, app-wide: runs it (cancellable, with progress), keeps its results per device and
// shape (probe/cache.ts), and answers what Auto resolves to for a selection and which precision is
// fastest for a model here. LocalEngine reads the same stored results when it chooses a backend, so what
// the picker says Auto will run is what a Run with Auto runs.
import {
	browserBackendEnvironment,
	chooseBackend,
	currentAdapter,
	isSoftwareAdapter,
	PLAIN_BUILD,
	wasmThreads,
	type BackendChoice
} from '$lib/engine/local/backend';
import { keyPartsFor, probeKey, readProbe, storedProbeLookup, writeProbe } from '$lib/probe/cache';
import {
	chooseFastest,
	describeConfig,
	fastestOn,
	formatTokensPerS,
	probeDtypesFor,
	probeShapeFor,
	PROBE_RUNTIMES,
	type ProbeMeasurement,
	type ProbeResult,
	type ProbeRuntime
} from '$lib/probe/plan';
import { fastestRunnable, llamaAutoChoice } from '$lib/probe/auto-choice';
import { ggufFilesFor } from '$lib/models/gguf-files';
import { ProbeCancelledError, runProbe, type ProbeProgress } from '$lib/probe/runner';
import { ortWasmPaths } from '$lib/engine/local/ort-files';
import type { EngineInfo } from '$lib/engine/types';
import { catalogEntry } from '$lib/models/catalog';
import { sourceKey, type ModelSource } from '$lib/models/sources';
import { DEFAULT_SELECTION, type LocalEngineManager, type LocalSelection } from './local-engine.svelte';

export type ProbeStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

/** What Auto runs for a selection, said in one line, and the notices the engine will show. */
export interface AutoResolution {
	text: string;
	notices: string[];
	measured: boolean;
}

/** The precisions a model has files for on a runtime, among those the probe times there. */
export function probeDtypesOf(source: ModelSource, runtime: ProbeRuntime = 'onnxruntime-web'): string[] {
	const timed: readonly string[] = probeDtypesFor(runtime);
	if (runtime === 'llama.cpp')
		return timed.filter((dtype) => {
			try {
				ggufFilesFor(source, dtype);
				return true;
			} catch {
				return false; // no GGUF file for it (a twin, a catalog entry without that quant)
			}
		});
	const entry = source.kind === 'hub' ? catalogEntry(source.id) : undefined;
	return entry ? entry.dtypes.map((d) => d.dtype).filter((d) => timed.includes(d)) : [...timed];
}

export class ProbeManager {
	#status = $state.raw<ProbeStatus>('idle');
	#progress = $state.raw<ProbeProgress | null>(null);
	#error = $state.raw<{ name: string; message: string } | null>(null);
	/** Bumped when a result is stored, so readers of the cache recompute. */
	#version = $state.raw(0);
	#adapter = $state.raw<NonNullable<EngineInfo['adapter']> | null | undefined>(undefined);
	/** The Compare page's local slots, which a new measurement may re-point (set by the slot list). */
	#localSlots: () => LocalEngineManager[] = () => [];

	/** Lets the slot list tell the probe which local slots there are, without the probe importing it. */
	attachLocalSlots(list: () => LocalEngineManager[]): void {
		this.#localSlots = list;
	}
	#running: { controller: AbortController; source: string } | null = null;

	get status(): ProbeStatus {
		return this.#status;
	}
	get progress(): ProbeProgress | null {
		return this.#progress;
	}
	get error(): { name: string; message: string } | null {
		return this.#error;
	}
	/** Which model's shape the running probe measures (its sourceKey), if one runs. */
	get runningFor(): string | null {
		return this.#running?.source ?? null;
	}

	/** Asks for the adapter once: the cache key needs it. */
	async ready(): Promise<void> {
		if (this.#adapter !== undefined || typeof window === 'undefined') return;
		this.#adapter = (await currentAdapter(browserBackendEnvironment()))?.adapter ?? null;
	}

	/** The stored probe for this model's shape on this device (null until measured, or before ready()). */
	resultFor(source: ModelSource): ProbeResult | null {
		void this.#version;
		if (this.#adapter === undefined) return null;
		return readProbe(probeKey(keyPartsFor(source, browserBackendEnvironment(), this.#adapter)));
	}

	/**
	 * The fastest precision measured for this model on `runtime` among the files it has there (the Models
	 * page's "fastest here" is ONNX Runtime's: it makes ONNX twins); null when not measured.
	 */
	recommendedDtype(source: ModelSource, runtime: ProbeRuntime = 'onnxruntime-web'): string | null {
		// A model whose shape is unknown was probed at the built-in one: good enough for Auto, not to name a winner.
		if (!probeShapeFor(source).exact) return null;
		const result = this.resultFor(source);
		return result ? (fastestOn(result, runtime, probeDtypesOf(source, runtime))?.dtype ?? null) : null;
	}

	/** The fastest runtime, format and threads measured for this model here, among the files it has on each. */
	fastestHere(source: ModelSource): ProbeMeasurement | null {
		const result = this.resultFor(source);
		return result ? fastestRunnable(result, PROBE_RUNTIMES, (r) => probeDtypesOf(source, r)) : null;
	}

	/** What Auto runs for `selection`, from the same choice a load makes (chooseBackend, or llama.cpp's). */
	async resolveAuto(selection: LocalSelection): Promise<AutoResolution> {
		await this.ready();
		void this.#version;
		if (selection.runtime === 'llama.cpp') return this.#resolveLlamaAuto(selection);
		const env = browserBackendEnvironment();
		let choice: BackendChoice;
		try {
			choice = await chooseBackend(
				'auto',
				selection.dtype,
				env,
				selection.threads ?? undefined,
				PLAIN_BUILD,
				storedProbeLookup(selection.source, env)
			);
		} catch (error) {
			return { text: (error as Error).message, notices: [], measured: false };
		}
		const config = describeConfig({ device: choice.device, dtype: selection.dtype, threads: choice.threads });
		const best = choice.measured
			? chooseFastest(
					choice.measured.measurements.filter(
						(m) => m.dtype === selection.dtype && m.device === choice.device && m.threads === choice.threads
					)
				)
			: null;
		const speed = best ? `: ${formatTokensPerS(best.estimatedTokensPerS)} (est.)` : '';
		return {
			text: `Auto runs ${config}${speed}${choice.measured ? ', measured on this device' : ', by rule (not measured yet)'}`,
			notices: choice.notices,
			measured: !!choice.measured
		};
	}

	#resolveLlamaAuto(selection: LocalSelection): AutoResolution {
		try {
			ggufFilesFor(selection.source, selection.dtype);
		} catch (error) {
			return { text: (error as Error).message, notices: [], measured: false };
		}
		const env = browserBackendEnvironment();
		const adapter = this.#adapter ?? null;
		const measured = llamaAutoChoice(this.resultFor(selection.source), selection.dtype, adapter);
		const threads = wasmThreads(env, selection.threads ?? measured?.threads).threads;
		if (measured) {
			const row =
				measured.device === 'webgpu'
					? measured.measurement
					: this.resultFor(selection.source)?.measurements.find(
							(m) =>
								m.runtime === 'llama.cpp' && m.device === 'wasm' && m.dtype === selection.dtype && m.threads === threads
						);
			const config = describeConfig({ runtime: 'llama.cpp', device: measured.device, dtype: selection.dtype, threads });
			const speed = row ? `: ${formatTokensPerS(row.estimatedTokensPerS)} (est.)` : '';
			return { text: `Auto runs ${config}${speed}, measured on this device`, notices: [], measured: true };
		}
		const gpu = !!adapter && !isSoftwareAdapter(adapter);
		const config = describeConfig({
			runtime: 'llama.cpp',
			device: gpu ? 'webgpu' : 'wasm',
			dtype: selection.dtype,
			threads
		});
		const notices =
			adapter && !gpu
				? [`Auto skipped WebGPU: the only adapter is a software one (${adapter.vendor} ${adapter.architecture}).`]
				: [];
		return { text: `Auto runs ${config}, by rule (not measured yet)`, notices, measured: false };
	}

	/**
	 * Measures this device for the model's shape and stores the result. When the selection is on Auto and
	 * its precision is still the default (or the last probe's pick), the fastest precision becomes the
	 * selection's, so the next Run uses it; a precision the person chose stays.
	 */
	async measure(source: ModelSource): Promise<ProbeResult | null> {
		if (this.#running) return null;
		await this.ready();
		const controller = new AbortController();
		this.#running = { controller, source: sourceKey(source) };
		// Each runtime's pick before this measurement: a plain record, read once, not reactive state.
		const before = Object.fromEntries(PROBE_RUNTIMES.map((r) => [r, this.recommendedDtype(source, r)]));
		this.#status = 'running';
		this.#error = null;
		this.#progress = { done: 0, total: 1, label: `Preparing to measure the ${probeShapeFor(source).shape.name} shape` };
		try {
			const result = await runProbe({
				source,
				wasmPaths: ortWasmPaths(),
				signal: controller.signal,
				onProgress: (p) => (this.#progress = p)
			});
			writeProbe(result);
			this.#version++;
			const locals = this.#localSlots();
			for (const local of locals) local.discardPrepared();
			this.#status = 'done';
			for (const local of locals) {
				this.#applyDtype(local, source, before[local.selection.runtime] ?? null);
				await this.#dropStaleEngine(local, source);
			}
			return result;
		} catch (error) {
			const { name, message } = error instanceof Error ? error : new Error(String(error));
			this.#status = error instanceof ProbeCancelledError ? 'cancelled' : 'error';
			this.#error = { name, message };
			return null;
		} finally {
			this.#running = null;
			this.#progress = null;
		}
	}

	cancel(): void {
		this.#running?.controller.abort();
	}

	/**
	 * A model loaded on Auto before this probe may run elsewhere than Auto now means, or run the same by rule: it
	 * is unloaded, so the next Run loads what the picker says (and measures that load, and records the probe)
	 * instead of reporting the old choice.
	 */
	async #dropStaleEngine(local: LocalEngineManager, source: ModelSource): Promise<void> {
		const { selection, info } = local;
		if (!info || selection.backend !== 'auto' || sourceKey(selection.source) !== sourceKey(source)) return;
		const env = browserBackendEnvironment();
		if (selection.runtime === 'llama.cpp') {
			const measured = llamaAutoChoice(this.resultFor(source), selection.dtype, this.#adapter ?? null);
			const threads = wasmThreads(env, selection.threads ?? measured?.threads).threads;
			if (measured && (measured.device !== info.backend || (measured.device === 'wasm' && threads !== info.threads)))
				await local.unload();
			return;
		}
		const now = await chooseBackend(
			'auto',
			selection.dtype,
			env,
			selection.threads ?? undefined,
			PLAIN_BUILD,
			storedProbeLookup(source, env)
		).catch(() => null);
		// The same configuration chosen by rule is dropped too: a result must record the probe that chose what ran.
		const unmeasured = !!now?.measured && !info.probe;
		if (
			now &&
			(unmeasured ||
				now.device !== info.backend ||
				now.threads !== info.threads ||
				selection.dtype !== info.model.dtype)
		)
			await local.unload();
	}

	#applyDtype(local: LocalEngineManager, source: ModelSource, before: string | null): void {
		const selection = local.selection;
		if (sourceKey(selection.source) !== sourceKey(source) || selection.backend !== 'auto') return;
		const recommended = this.recommendedDtype(source, selection.runtime);
		const untouched = selection.dtype === DEFAULT_SELECTION.dtype || selection.dtype === before;
		if (recommended && untouched && recommended !== selection.dtype) local.select({ dtype: recommended });
	}
}

export const probe = new ProbeManager();

// Benchmarks (benchmarks/probe.ts) and the browser console reach the probe here; it holds nothing secret.
if (typeof window !== 'undefined') (window as unknown as Record<string, unknown>).__edgewiseProbe = probe;
