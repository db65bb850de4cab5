// `window.edgewise`: a small, typed view into the running app for end-to-end tests and for anyone curious
// in the browser console. It hands out copies, never the app's own objects, so nothing reached through it
// can change what the app shows behind its back. Its actions are ones the app itself takes: generate()
// runs a prompt on the engine already loaded (as a Compare run does, leaving the panes alone), unload()
// releases that engine (as switching models does), registerKind() adds an engine kind to "Add engine"
// (as the app registers its own two), and runtimes.register() adds a local runtime to every local slot's
// Runtime menu, the probe and Auto (as the app registers ONNX Runtime and llama.cpp).
import type { EngineInfo, GenerateRequest, GenerationResult, InferenceEngine } from '../engine/types';
import { liveEngineWorkers } from '../engine/worker-host';
import { registerEngineKind } from '../slots/registry';
import { localRuntimes, registerLocalRuntime, type LocalRuntime } from '../runtimes';
import { EngineSlot } from './engine-slot.svelte';
import type { LoadState } from './local-engine.svelte';
import { slots } from './slots.svelte';
import { llamaDebugApi, type LlamaDebugApi } from './debug-api-llama';

/** An engine kind whose engine is made from its config and set up by its own load(). */
export interface SimpleEngineKind<Config> {
	kind: string;
	label: string;
	idPrefix: string;
	defaultConfig(): Config;
	createEngine(config: Config): InferenceEngine;
	title?(config: Config): string;
}

export interface EdgewiseDebugApi {
	/** Bumped when a member changes meaning. */
	readonly version: 2;
	/** The first local slot (the one the Models page acts on). */
	readonly local: {
		/** The loaded local engine's description; null while none is loaded. */
		info(): EngineInfo | null;
		/** The last load's progress: per-file and total bytes, and its stage; null before any load. */
		progress(): LoadState | null;
		/** What the Compare page's last prepare() reported (time, heap reserved); null until one finished. */
		lastPrepare(): { prepareMs: number; reservedBytes: number } | null;
		/** What the loaded engine's worker holds (live sessions or models, loads); null while none is loaded. */
		stats(): Promise<Record<string, number> | null>;
		/** On-device inference workers this page has running, of either runtime (loaded engines', and any started ahead). */
		liveWorkers(): number;
		/**
		 * Generates on the loaded engine. `cancelAtToken`: cancel once the token with this index arrived.
		 * Resolves with the result and the indexes of the tokens as they streamed.
		 */
		generate(
			request: GenerateRequest,
			options?: { cancelAtToken?: number }
		): Promise<{ result: GenerationResult; streamed: number[] }>;
		/** Releases the loaded engine (its sessions and worker); the Compare page then shows nothing loaded. */
		unload(): Promise<void>;
	};
	readonly slots: {
		/** The Compare page's slots in order: id, kind, whether included, title and status. */
		list(): { id: string; kind: string; enabled: boolean; title: string | null; status: string | null }[];
		/** Adds an engine kind to "Add engine" for this visit. */
		registerKind<Config>(kind: SimpleEngineKind<Config>): void;
	};
	readonly runtimes: {
		/** The registered local runtimes' ids, in menu order. */
		list(): string[];
		/** Adds a local runtime for this visit: it is offered, probed and run like the app's own. */
		register(runtime: LocalRuntime): void;
	};
	/** A llama.cpp engine of the caller's own, outside the panes (debug-api-llama.ts). */
	readonly llama: LlamaDebugApi;
}

const copy = <T>(value: T): T => (value === null ? value : structuredClone(value));
const local = () => slots.primaryLocal;

export const debugApi: EdgewiseDebugApi = Object.freeze({
	version: 2 as const,
	local: Object.freeze({
		info: () => copy(local()?.info ?? null),
		progress: () => copy(local()?.progress ?? null),
		lastPrepare: () => copy(local()?.lastPrepare ?? null),
		stats: async () => {
			const engine = local()?.engine;
			return engine ? copy(await engine.stats()) : null;
		},
		liveWorkers: liveEngineWorkers,
		async generate(request: GenerateRequest, options: { cancelAtToken?: number } = {}) {
			const engine = local()?.engine;
			if (!engine) throw new Error('No local engine is loaded: press Load on the Compare page first.');
			const streamed: number[] = [];
			const result = await engine.generate(structuredClone(request), {
				onToken: (t) => {
					streamed.push(t.index);
					if (t.index === options.cancelAtToken) engine.cancel();
				}
			});
			return { result: copy(result), streamed };
		},
		unload: async () => {
			await local()?.unload();
		}
	}),
	slots: Object.freeze({
		list: () =>
			slots.list.map(({ entry, manager }) => ({
				id: entry.id,
				kind: entry.kind,
				enabled: entry.enabled,
				title: manager?.title ?? null,
				status: manager?.status ?? null
			})),
		registerKind<Config>(kind: SimpleEngineKind<Config>) {
			registerEngineKind<Config, EngineSlot>({
				kind: kind.kind,
				label: kind.label,
				idPrefix: kind.idPrefix,
				parseConfig: (value) => (value ?? kind.defaultConfig()) as Config,
				defaultConfig: () => kind.defaultConfig(),
				createManager: (id, config) =>
					new EngineSlot(
						{ id, kind: kind.kind, loadBeforeRun: true, title: () => kind.title?.(config) ?? kind.label },
						kind.createEngine(config)
					)
			});
		}
	}),
	runtimes: Object.freeze({
		list: () => localRuntimes().map((r) => r.id),
		register: registerLocalRuntime
	}),
	llama: llamaDebugApi
});

declare global {
	interface Window {
		edgewise?: EdgewiseDebugApi;
	}
}

/** Puts the API on `window.edgewise` (the app's layout calls this once in the browser). */
export function installDebugApi(): void {
	if (typeof window !== 'undefined') window.edgewise = debugApi;
}
