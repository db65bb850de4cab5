// Routes LlamaProtocol's handlers to the build a load chose (build-choice.ts): the Edgewise build
// (edgewise-runtime.ts) or wllama (llama-runtime.ts). One model is live at a time, on one of them.
import type { LoadProgress } from '../types';
import { chooseBuild, EdgewiseBuildUnavailableError } from './build-choice';
import { detectEdgewiseFlavour } from './edgewise-features';
import * as edgewise from './edgewise-runtime';
import * as wllama from './llama-runtime';
import type {
	LlamaBuildRuntime,
	LlamaChunkBatch,
	LlamaGenerateRequest,
	LlamaLoadRequest,
	LlamaLoadResult
} from './protocol';

/** The build whose model is live (each build's module is a LlamaBuildRuntime). */
let active: LlamaBuildRuntime | null = null;

export async function load(
	request: LlamaLoadRequest,
	progress: (p: LoadProgress) => void,
	signal: AbortSignal
): Promise<LlamaLoadResult> {
	await unload();
	const choice = request.build ?? 'auto';
	const decision = chooseBuild(
		choice,
		{ isolated: globalThis.crossOriginIsolated === true, flavour: detectEdgewiseFlavour() },
		{ webgpu: request.webgpu, modelBytes: null }
	);
	if (decision.build === 'edgewise') {
		try {
			active = edgewise;
			return await edgewise.load(request, decision.flavour, progress, signal);
		} catch (error) {
			active = null;
			if (!(error instanceof EdgewiseBuildUnavailableError) || choice !== 'auto') throw error;
			return loadWllama(request, progress, signal, `llama.cpp runs on the stock wllama build: ${error.message}.`);
		}
	}
	return loadWllama(request, progress, signal, decision.notice);
}

async function loadWllama(
	request: LlamaLoadRequest,
	progress: (p: LoadProgress) => void,
	signal: AbortSignal,
	notice: string | undefined
): Promise<LlamaLoadResult> {
	active = wllama;
	const result = await wllama.load(request, progress, signal);
	return notice ? { ...result, notices: [notice, ...result.notices] } : result;
}

export function generate(
	request: LlamaGenerateRequest,
	progress: (batch: LlamaChunkBatch) => void,
	signal: AbortSignal
) {
	return (active ?? wllama).generate(request, progress, signal);
}

export async function unload(): Promise<{ released: boolean }> {
	const [a, b] = await Promise.all([edgewise.unload(), wllama.unload()]);
	active = null;
	return { released: a.released || b.released };
}

export function stats(): { liveModels: number; loads: number } {
	const a = edgewise.stats();
	const b = wllama.stats();
	return { liveModels: a.liveModels + b.liveModels, loads: a.loads + b.loads };
}
