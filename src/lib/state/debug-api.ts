// `window.edgewise`: a small, typed view into the running app for end-to-end tests and for anyone curious
// in the browser console. It hands out copies, never the app's own objects, so nothing reached through it
// can change what the app shows behind its back. Its two actions are ones the app itself takes: generate()
// runs a prompt on the engine already loaded (as a Compare run does, leaving the panes alone), and
// unload() releases that engine (as switching models does), which the page then shows.
import type { EngineInfo, GenerateRequest, GenerationResult } from '../engine/types';
import { liveLocalWorkers } from '../engine/local/local-engine';
import { localEngine, type LoadState } from './local-engine.svelte';
import { llamaDebugApi, type LlamaDebugApi } from './debug-api-llama';

export interface EdgewiseDebugApi {
	/** Bumped when a member changes meaning. */
	readonly version: 1;
	readonly local: {
		/** The loaded local engine's description; null while none is loaded. */
		info(): EngineInfo | null;
		/** The last load's progress: per-file and total bytes, and its stage; null before any load. */
		progress(): LoadState | null;
		/** What the Compare page's last prepare() reported (time, heap reserved); null until one finished. */
		lastPrepare(): { prepareMs: number; reservedBytes: number } | null;
		/** Live ONNX sessions and loads in the loaded engine's worker; null while none is loaded. */
		stats(): Promise<{ liveSessions: number; loads: number } | null>;
		/** Local inference workers this page has running (the loaded engine's, and any started ahead). */
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
	/** A llama.cpp engine of the caller's own, outside the panes (debug-api-llama.ts). */
	readonly llama: LlamaDebugApi;
}

const copy = <T>(value: T): T => (value === null ? value : structuredClone(value));

export const debugApi: EdgewiseDebugApi = Object.freeze({
	version: 1 as const,
	local: Object.freeze({
		info: () => copy(localEngine.info),
		progress: () => copy(localEngine.progress),
		lastPrepare: () => copy(localEngine.lastPrepare),
		stats: async () => (localEngine.engine ? copy(await localEngine.engine.stats()) : null),
		liveWorkers: liveLocalWorkers,
		async generate(request: GenerateRequest, options: { cancelAtToken?: number } = {}) {
			const engine = localEngine.engine;
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
		unload: () => localEngine.unload()
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
