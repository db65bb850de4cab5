// The device probe, app-wide: runs it (cancellable, with progress), keeps its results per device and
// shape (probe/cache.ts), and answers what Auto resolves to for a selection and which precision is
// fastest for a model here. LocalEngine reads the same stored results when it chooses a backend, so what
// the picker says Auto will run is what a Run with Auto runs.
import { browserBackendEnvironment, currentAdapter } from '$lib/engine/local/backend';
import { keyPartsFor, probeKey, readProbe, writeProbe } from '$lib/probe/cache';
import { fastestOn, probeShapeFor, type ProbeMeasurement, type ProbeResult } from '$lib/probe/plan';
import { fastestRunnable } from '$lib/probe/auto-choice';
import { ProbeCancelledError, runProbe, type ProbeProgress } from '$lib/probe/runner';
import { defaultRuntimeId, localRuntime, probedRuntimes, type AutoContext, type AutoResolution } from '$lib/runtimes';
import type { EngineInfo } from '$lib/engine/types';
import { sourceKey, type ModelSource } from '$lib/models/sources';
import type { LocalSelection } from './stored-settings';
import { events } from './events';

export type ProbeStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

export type { AutoResolution };

/** The precisions a model has files for on a runtime, among those the probe times there. */
export function probeDtypesOf(source: ModelSource, runtimeId: string): string[] {
	const runtime = localRuntime(runtimeId);
	const runnable = runtime.runnableDtypes(source);
	return (runtime.probe?.dtypes ?? []).filter((d) => runnable.includes(d));
}

export class ProbeManager {
	#status = $state.raw<ProbeStatus>('idle');
	#progress = $state.raw<ProbeProgress | null>(null);
	#error = $state.raw<{ name: string; message: string } | null>(null);
	/** Bumped when a result is stored, so readers of the cache recompute. */
	#version = $state.raw(0);
	#adapter = $state.raw<NonNullable<EngineInfo['adapter']> | null | undefined>(undefined);
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
	 * The fastest precision measured for this model on a runtime among the files it has there; null when not
	 * measured. The Models page asks for the default runtime's (the runtime a new slot starts on).
	 */
	recommendedDtype(source: ModelSource, runtime: string = defaultRuntimeId()): string | null {
		// A model whose shape is unknown was probed at the built-in one: good enough for Auto, not to name a winner.
		if (!probeShapeFor(source).exact) return null;
		const result = this.resultFor(source);
		return result ? (fastestOn(result, runtime, probeDtypesOf(source, runtime))?.dtype ?? null) : null;
	}

	/** The fastest runtime, format and threads measured for this model here, among the files it has on each. */
	fastestHere(source: ModelSource): ProbeMeasurement | null {
		const result = this.resultFor(source);
		const runtimes = probedRuntimes().map((r) => r.id);
		return result ? fastestRunnable(result, runtimes, (r) => probeDtypesOf(source, r)) : null;
	}

	/** What a runtime's Auto reads here for this model: this browser, its adapter, the stored probe. */
	#autoContext(source: ModelSource): AutoContext {
		return { env: browserBackendEnvironment(), adapter: this.#adapter ?? null, probe: this.resultFor(source) };
	}

	/** What Auto runs for `selection`, from the same choice a load makes (its runtime's). */
	async resolveAuto(selection: LocalSelection): Promise<AutoResolution> {
		await this.ready();
		void this.#version;
		return localRuntime(selection.runtime).resolveAuto(selection, this.#autoContext(selection.source));
	}

	/**
	 * Measures this device for the model's shape and stores the result. When the selection is on Auto and
	 * its precision is still the default (or the last probe's pick), the fastest precision becomes the
	 * selection's, so the next Run uses it; a precision the person chose stays. `runtimes`: time only these (default: all).
	 */
	async measure(source: ModelSource, options: { runtimes?: readonly string[] } = {}): Promise<ProbeResult | null> {
		if (this.#running) return null;
		await this.ready();
		const controller = new AbortController();
		this.#running = { controller, source: sourceKey(source) };
		// Each runtime's pick before this measurement: a plain record, read once, not reactive state.
		const before = Object.fromEntries(probedRuntimes().map((r) => [r.id, this.recommendedDtype(source, r.id)]));
		this.#status = 'running';
		this.#error = null;
		this.#progress = { done: 0, total: 1, label: `Preparing to measure the ${probeShapeFor(source).shape.name} shape` };
		try {
			const result = await runProbe({
				source,
				runtimes: options.runtimes,
				signal: controller.signal,
				onProgress: (p) => (this.#progress = p)
			});
			writeProbe(result);
			this.#version++;
			this.#status = 'done';
			await events.emitSettled('probe.measured', {
				source,
				auto: this.#autoContext(source),
				before,
				recommendedDtype: (runtime) => this.recommendedDtype(source, runtime)
			});
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
}

export const probe = new ProbeManager();

// Benchmarks (benchmarks/probe.ts) and the browser console reach the probe here; it holds nothing secret.
if (typeof window !== 'undefined') (window as unknown as Record<string, unknown>).__edgewiseProbe = probe;
