// The worker side of LlamaCppEngine on the Edgewise build (native/llama-wasm/): one emscripten instance
// of the flavour the browser validates, the GGUF written into its in-memory file system, prompt decoding
// and token choice driven from here one token at a time, so every timestamp is taken where each token
// becomes known. Serves the same LlamaProtocol handlers as llama-runtime.ts (wllama).
import { nowMs, type LoadProgress } from '../types';
import { LlamaNotLoadedError } from './errors';
import { readGgufModel } from './model-files';
import { RunArrivals } from './arrivals';
import {
	EDGEWISE_LLAMA_COMMIT,
	EDGEWISE_MAX_MODEL_BYTES,
	edgewiseBuildLabel,
	type EdgewiseFlavour
} from './edgewise-files';
import { EdgewiseBuildUnavailableError } from './build-choice';
import { applyChat, metaValue, startEdgewise, takeLog, tokenize, type EdgewiseWasm } from './edgewise-module';
import { sampleToken, seededRandom } from './edgewise-sampling';
import { quantName } from './chunks';
import type {
	LlamaBuildInfo,
	LlamaBuildRuntime,
	LlamaGenerateResult,
	LlamaLoadRequest,
	LlamaLoadResult
} from './protocol';

let instance: { wasm: EdgewiseWasm; flavour: EdgewiseFlavour } | null = null;
/**
 * One started module per flavour, kept after unload: emscripten 3.1.6 cannot end a MODULARIZE instance's
 * pthread workers, so a fresh instance per load would leave its workers and memory behind. Unload frees
 * llama.cpp's model and context inside it (its wasm memory keeps its high-water size).
 */
const modules = new Map<EdgewiseFlavour, Promise<EdgewiseWasm>>();
let loads = 0;
const modulesWithDir = new WeakSet<EdgewiseWasm>();

function moduleFor(flavour: EdgewiseFlavour): Promise<EdgewiseWasm> {
	let pending = modules.get(flavour);
	if (!pending) {
		pending = startEdgewise(flavour);
		modules.set(flavour, pending);
		pending.catch(() => modules.delete(flavour));
	}
	return pending;
}
/** Prompt tokens per llama_decode call (llama.cpp's n_batch; a 512-token prompt is one batch). */
const BATCH_TOKENS = 512;
/** How long a run may hold the worker before it yields for a cancel message, ms. */
const YIELD_EVERY_MS = 25;

export function edgewiseBuildInfo(flavour: EdgewiseFlavour): LlamaBuildInfo {
	return { name: 'edgewise', label: edgewiseBuildLabel(flavour), source: EDGEWISE_LLAMA_COMMIT, simd: flavour };
}

export async function load(
	request: LlamaLoadRequest,
	flavour: EdgewiseFlavour,
	progress: (p: LoadProgress) => void,
	signal: AbortSignal
): Promise<LlamaLoadResult> {
	const startMs = nowMs();
	await unload();
	const model = await readGgufModel(request, progress, signal);
	if (model.bytes > EDGEWISE_MAX_MODEL_BYTES)
		throw new EdgewiseBuildUnavailableError(
			`the model (${(model.bytes / 1024 ** 3).toFixed(1)} GiB) does not fit wasm32's 4 GiB with its context`
		);
	progress({ status: 'stage', stage: 'compiling', message: `Starting ${edgewiseBuildLabel(flavour)}` });
	const wasm = await moduleFor(flavour);
	// Split files keep llama.cpp's part names, so it finds the rest from the first.
	if (!modulesWithDir.has(wasm)) {
		wasm.FS.mkdir('/models');
		modulesWithDir.add(wasm);
	}
	const paths = model.blobs.map((_, i, all) =>
		all.length === 1 ? '/models/model.gguf' : `/models/model-${pad(i + 1)}-of-${pad(all.length)}.gguf`
	);
	for (const [i, blob] of model.blobs.entries()) wasm.FS.writeFile(paths[i]!, new Uint8Array(await blob.arrayBuffer()));
	progress({ status: 'stage', stage: 'compiling', message: 'llama.cpp is reading the model' });
	const path = heapPath(wasm, paths[0]!);
	const rc = wasm._ew_load(path, request.contextTokens, request.threads, BATCH_TOKENS);
	wasm._free(path);
	// llama.cpp copied the weights into its own buffers (no mmap here): the file copies can go.
	for (const p of paths) wasm.FS.unlink(p);
	const log = takeLog(wasm);
	if (rc !== 0) {
		throw new Error(
			`llama.cpp (${edgewiseBuildLabel(flavour)}) could not ${rc === -1 ? 'read this GGUF model' : 'make a context for it'}: ${log.slice(-3).join(' ') || 'no detail logged'}`
		);
	}
	instance = { wasm, flavour };
	loads++;
	return {
		loadMs: nowMs() - startMs,
		loadKind: model.fromCache ? 'warm' : 'cold',
		bytes: model.bytes,
		version: EDGEWISE_LLAMA_COMMIT.slice(0, 8),
		threads: wasm._ew_threads(),
		multithread: wasm._ew_threads() > 1,
		quant: quantName(Number(metaValue(wasm, 'general.file_type'))),
		modelName: metaValue(wasm, 'general.name'),
		chatTemplate: wasm._ew_has_chat_template() === 1,
		gpuLayers: 0,
		notices: log.filter((line) => /error|warn/i.test(line)).slice(-5),
		build: edgewiseBuildInfo(flavour)
	};
}

function pad(n: number): string {
	return String(n).padStart(5, '0');
}

function heapPath(wasm: EdgewiseWasm, path: string): number {
	const length = wasm.lengthBytesUTF8(path);
	const ptr = wasm._malloc(length + 1);
	wasm.stringToUTF8(path, ptr, length + 1);
	return ptr;
}

/** Lets the worker read its messages (a cancel) between tokens, without setTimeout's 4 ms clamp. */
function yieldToEvents(): Promise<void> {
	return new Promise((resolve) => {
		const channel = new MessageChannel();
		channel.port1.onmessage = () => resolve();
		channel.port2.postMessage(null);
	});
}

export const generate: LlamaBuildRuntime['generate'] = async (request, progress, signal) => {
	const current = instance;
	if (!current) throw new LlamaNotLoadedError();
	const { wasm } = current;
	const prompt = request.input.mode === 'chat' ? chatPrompt(wasm, request.input.messages) : request.input.prompt;
	const promptIds = tokenize(wasm, prompt);
	const random = seededRandom(request.seed ?? 0);
	const tokens = wasm._malloc(4 * Math.max(promptIds.length, 1));
	const piece = wasm._malloc(256);
	const perf = wasm._malloc(32);
	const decoder = new TextDecoder('utf-8');
	const arrivals = new RunArrivals(progress);
	let finishReason: LlamaGenerateResult['finishReason'] = 'length';
	let text = '';
	try {
		wasm.HEAP32.set(promptIds, tokens >> 2);
		wasm._ew_reset();
		if (promptIds.length + request.maxNewTokens > wasm._ew_n_ctx())
			throw new Error(
				`The prompt (${promptIds.length} tokens) and ${request.maxNewTokens} new tokens do not fit llama.cpp's context of ${wasm._ew_n_ctx()} tokens.`
			);
		const rc = wasm._ew_decode(tokens, promptIds.length);
		if (rc !== 0) throw new Error(`llama.cpp could not process the prompt (llama_decode returned ${rc}).`);
		let lastYieldMs = nowMs();
		for (let i = 0; i < request.maxNewTokens; i++) {
			const id =
				request.temperature > 0
					? sampleToken(
							wasm.HEAPF32.subarray(wasm._ew_logits() >> 2, (wasm._ew_logits() >> 2) + wasm._ew_n_vocab()),
							request.temperature,
							request.topP ?? 1,
							random
						)
					: wasm._ew_greedy();
			if (!request.ignoreEos && wasm._ew_is_eog(id)) {
				finishReason = 'stop';
				break;
			}
			const n = wasm._ew_token_piece(id, piece, 256);
			const chunk = decoder.decode(wasm.HEAPU8.slice(piece, piece + Math.max(n, 0)), { stream: true });
			const tMs = nowMs();
			text += chunk;
			arrivals.push(chunk, request.tokenIds ? [id] : [], tMs);
			const stop = request.stop?.find((s) => s !== '' && text.includes(s));
			if (stop !== undefined) {
				finishReason = 'stop';
				text = text.slice(0, text.indexOf(stop));
				break;
			}
			if (i === request.maxNewTokens - 1) break;
			wasm.HEAP32[tokens >> 2] = id;
			const step = wasm._ew_decode(tokens, 1);
			if (step !== 0) throw new Error(`llama.cpp stopped at token ${i + 1} (llama_decode returned ${step}).`);
			if (nowMs() - lastYieldMs > YIELD_EVERY_MS) {
				arrivals.flush();
				await yieldToEvents();
				lastYieldMs = nowMs();
				if (signal.aborted) {
					finishReason = 'cancelled';
					break;
				}
			}
		}
		arrivals.flush();
		wasm._ew_perf(perf);
		const [promptMs, decodeMs, promptTokens, decodeTokens] = Array.from(
			wasm.HEAPF64.subarray(perf >> 3, (perf >> 3) + 4)
		);
		return {
			text,
			inputTokens: promptIds.length,
			outputTokens: arrivals.texts.length,
			tokenIds: request.tokenIds ? arrivals.ids : undefined,
			arrivalsMs: arrivals.arrivalsMs,
			finishReason,
			serverTimings: {
				source: 'llama.cpp',
				promptMs,
				promptTokens,
				decodeMs,
				decodeTokens,
				decodeTokensPerS: decodeTokens && decodeMs ? (decodeTokens * 1000) / decodeMs : undefined
			}
		};
	} finally {
		wasm._free(tokens);
		wasm._free(piece);
		wasm._free(perf);
	}
};

/** The messages through the model's chat template; without one, their contents a line each. */
function chatPrompt(wasm: EdgewiseWasm, messages: { role: string; content: string }[]): string {
	takeLog(wasm);
	const text = applyChat(wasm, messages);
	const errors = takeLog(wasm).filter((line) => line.startsWith('error:'));
	if (errors.length > 0) throw new Error(`llama.cpp could not apply the model's chat template: ${errors.join(' ')}`);
	return text ?? messages.map((m) => m.content).join('\n');
}

export async function unload(): Promise<{ released: boolean }> {
	const current = instance;
	instance = null;
	if (!current) return { released: false };
	current.wasm._ew_free();
	return { released: true };
}

export function stats(): { liveModels: number; loads: number } {
	return { liveModels: instance ? 1 : 0, loads };
}

export function loadedFlavour(): EdgewiseFlavour | null {
	return instance?.flavour ?? null;
}
