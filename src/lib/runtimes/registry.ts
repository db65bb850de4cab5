// The runtimes a local slot can run its model on. A runtime says, in one place, everything the rest of the
// app needs to know about it: its name, the file format and precisions it runs, how an engine is made for a
// slot's choice, what its Auto runs, how the device probe times it, and how it names a configuration. The
// slot form, Auto, the probe, the CLI, the results schema, the badge and the Models page read this registry;
// nothing above it names a runtime. Adding one is a folder of its own plus one line in builtin.ts.
import type { z } from 'zod';
import type { EngineInfo, InferenceEngine } from '../engine/types';
import type { BackendEnvironment, Device } from '../engine/local/backend';
import type { ProbeGroup, ProbeResult } from '../probe/plan';
import type { ProbeSubject, SubjectContext } from '../probe/subject';
import type { ModelSource } from '../models/sources';
import type { ModelShape } from '../models/synthetic/shapes';
import type { LocalSelection } from '../state/stored-settings';

/** What a local slot needs of its engine beyond InferenceEngine. */
export interface DeviceEngine extends InferenceEngine {
	/** Whether the model has a chat template; null until loaded. */
	readonly hasChatTemplate: boolean | null;
	/** Starts the worker and runtime ahead of a load, where the runtime can (see LocalRuntime.prepares). */
	prepare?(): Promise<{ prepareMs: number; reservedBytes: number } | null>;
	/** What the engine's worker holds (live sessions or models, loads), for tests and the Models page. */
	stats(): Promise<Record<string, number>>;
	unload(): Promise<void>;
}

/** One precision the form offers for a model on a runtime. */
export interface DtypeChoice {
	value: string;
	label: string;
}

/** A configuration as the probe and Auto name it. */
export interface RuntimeConfig {
	device: Device;
	dtype: string;
	threads: number;
}

/** What Auto runs for a selection, said in one line, and the notices the engine will show. */
export interface AutoResolution {
	text: string;
	notices: string[];
	measured: boolean;
}

/** What a runtime's Auto reads: this browser, its adapter, and the probe stored for the model's shape. */
export interface AutoContext {
	env: BackendEnvironment;
	adapter: NonNullable<EngineInfo['adapter']> | null;
	probe: ProbeResult | null;
}

/** How the device probe times a runtime: on twins of the model's width, at the probe's depths. */
export interface RuntimeProbe {
	/** Precisions timed, most likely fastest first (the probe prunes the slow ones against the best so far). */
	readonly dtypes: readonly string[];
	/** Threads on WebGPU: 1, or the most the page allows (a runtime that runs CPU threads beside the GPU). */
	readonly webgpuThreads: 'one' | 'most';
	/** A worker (or engine) that loads one twin at one depth and times greedy decode steps on it. */
	subject(group: ProbeGroup, context: SubjectContext): Promise<ProbeSubject>;
	/** Frees what a precision's twins left behind (files in Cache Storage), once that precision is timed. */
	cleanUp?(shape: ModelShape): Promise<void>;
}

/**
 * A runtime's own settings, as one zod object: each field a choice among a few values with a default (llama.cpp's
 * build), its `.meta({ title, choiceLabels })` what the form shows. A selection keeps only what differs from the
 * defaults' meaning; absent means the defaults.
 */
export type RuntimeSettingsSchema = z.ZodObject<Record<string, z.ZodDefault<z.ZodEnum>>>;

/** One setting as the form and the CLI offer it. */
export interface SettingField {
	key: string;
	label: string;
	choices: DtypeChoice[];
	defaultValue: string;
}

export interface LocalRuntime {
	/** Saved in slots and results; never reused for another meaning. */
	readonly id: string;
	/** The Runtime menu's entry: "transformers.js · ONNX Runtime". */
	readonly label: string;
	/** Its name in badges, slot names and the probe's summary: "ONNX Runtime", "llama.cpp". */
	readonly shortName: string;
	/** The model file format it reads, as results record it ('onnx', 'gguf'). */
	readonly fileFormat: string;
	/** Every precision it can run (the CLI checks against this; the form offers what a model has). */
	readonly dtypes: readonly string[];
	/** The precisions the form offers for this model, each with what it downloads. */
	dtypeChoices(source: ModelSource): DtypeChoice[];
	/** The precisions this model has files for here (a model's files decide, not the runtime alone). */
	runnableDtypes(source: ModelSource): string[];
	/** Makes the engine for a slot's choice (its code loads here, not at first paint). */
	createEngine(selection: LocalSelection): Promise<DeviceEngine>;
	/**
	 * Whether an engine can start its worker and runtime before a load (createEngine's engine then has
	 * prepare()); the Compare page does that when someone starts on a prompt.
	 */
	readonly prepares: boolean;
	/** What Auto runs for this selection here, from the same choice a load makes. */
	resolveAuto(selection: LocalSelection, context: AutoContext): Promise<AutoResolution>;
	/**
	 * Whether an engine loaded on Auto must be loaded again after a new probe: Auto now means another
	 * configuration, or the same one by measurement where the load went by rule (a result records the probe).
	 */
	autoChanged(selection: LocalSelection, loaded: EngineInfo, context: AutoContext): Promise<boolean>;
	/** "WebAssembly q8, 2 threads", "llama.cpp Q4_0 on WebGPU". */
	describeConfig(config: RuntimeConfig): string;
	/** The precision as this runtime's files name it, for "Use llama.cpp Q4_0": "Q4_0"; the dtype itself otherwise. */
	formatName(dtype: string): string;
	/** How the probe times it; absent: the probe leaves this runtime out. */
	readonly probe?: RuntimeProbe;
	/** Its own settings (a slot's `settings`, the CLI's keys beyond model, backend, dtype, threads); absent: none. */
	readonly settings?: RuntimeSettingsSchema;
}

export class DuplicateRuntimeError extends Error {
	override name = 'DuplicateRuntimeError';
}

export class UnknownRuntimeError extends Error {
	override name = 'UnknownRuntimeError';
	constructor(id: string) {
		super(`No local runtime "${id}" is registered here; choose one of: ${[...runtimes.keys()].join(', ')}.`);
	}
}

const runtimes = new Map<string, LocalRuntime>();
const listeners = new Set<() => void>();

export function registerLocalRuntime(runtime: LocalRuntime): void {
	if (runtimes.has(runtime.id))
		throw new DuplicateRuntimeError(`A local runtime "${runtime.id}" is registered already.`);
	runtimes.set(runtime.id, runtime);
	for (const listener of listeners) listener();
}

/** Takes a runtime out again (a test's own runtime, once the test is done). */
export function unregisterLocalRuntime(id: string): void {
	if (runtimes.delete(id)) for (const listener of listeners) listener();
}

/** Every registered runtime, in the order registered (the first is the default). */
export function localRuntimes(): LocalRuntime[] {
	return [...runtimes.values()];
}

export function findLocalRuntime(id: string): LocalRuntime | undefined {
	return runtimes.get(id);
}

export function localRuntime(id: string): LocalRuntime {
	const runtime = runtimes.get(id);
	if (!runtime) throw new UnknownRuntimeError(id);
	return runtime;
}

/** A new slot's runtime, and the one a selection saved before runtimes existed ran on. */
export function defaultRuntimeId(): string {
	const first = runtimes.keys().next();
	if (first.done) throw new UnknownRuntimeError('(none registered)');
	return first.value;
}

/** The runtimes the device probe times. */
export function probedRuntimes(): LocalRuntime[] {
	return localRuntimes().filter((r) => r.probe);
}

/** Called when a runtime is registered or taken out (the Runtime menu lists it then). */
export function onLocalRuntimesChanged(listener: () => void): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}

/** A runtime's name as results record it, for one that is not registered in this build. */
export function runtimeShortName(id: string | undefined): string {
	if (id === undefined) return findLocalRuntime(defaultRuntimeId())?.shortName ?? '';
	return findLocalRuntime(id)?.shortName ?? id;
}

/** A runtime's settings as fields: key, label, choices with their labels, and the default. */
export function settingFields(runtime: LocalRuntime): SettingField[] {
	return Object.entries(runtime.settings?.shape ?? {}).map(([key, field]) => {
		const meta = (field.meta() ?? {}) as { title?: string; choiceLabels?: Record<string, string> };
		const values = field.unwrap().options as string[];
		return {
			key,
			label: meta.title ?? key,
			choices: values.map((value) => ({ value, label: meta.choiceLabels?.[value] ?? value })),
			defaultValue: String(field.def.defaultValue)
		};
	});
}

/** A selection's settings for its runtime, defaults filled in; throws (a ZodError) on a value it does not offer. */
export function runtimeSettings(
	runtime: LocalRuntime,
	given: Record<string, string> | undefined
): Record<string, string> {
	return (runtime.settings?.parse(given ?? {}) as Record<string, string> | undefined) ?? {};
}

/**
 * The settings as a form or a name shows them, never throwing: defaults filled in where the runtime is registered
 * and accepts them, else as given (a saved slot checked on the way in never reaches the fallback).
 */
export function shownSettings(
	runtime: LocalRuntime | undefined,
	given: Record<string, string> | undefined
): Record<string, string> {
	try {
		return runtime ? runtimeSettings(runtime, given) : (given ?? {});
	} catch {
		return given ?? {};
	}
}
