// What the device probe times, whatever the runtime: a twin loaded at one depth in its own worker, greedy
// decode passes on it, and an unload. Each runtime makes its own (runtimes/*/probe-subject.ts), loaded
// only when the probe times that runtime.
import type { BackendEnvironment } from '../engine/local/backend';
import type { ModelShape } from '../models/synthetic/shapes';
import type { ProbeDtype } from './plan';

export interface ProbeSubject {
	/** Loads the twin (`id` names it for the runtimes that cache it) in this subject's worker. */
	load(twin: { id: string; shape: ModelShape }, dtype: ProbeDtype, onStage: (message: string) => void): Promise<void>;
	/** One greedy pass of `steps` decode steps; the median step, ms. */
	decode(steps: number): Promise<number>;
	unload(): Promise<void>;
	/** Ends the worker now: pending calls reject with `error`. */
	abort(error: Error): void;
	/** Ends the worker once the probe is done. */
	close(): void;
}

/** What a runtime's subject is made with: this browser, and a stand-in worker in tests. */
export interface SubjectContext {
	env: BackendEnvironment;
	createWorker?: () => Worker;
}

/** The prompt every subject decodes after; its prefill is in no timed step. */
export const PROBE_PROMPT = 'The edge';
