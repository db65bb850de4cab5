// The worker side of LlamaCppEngine: one wllama instance (llama.cpp compiled to wasm, in wllama's own
// worker) at a time. Fetches the GGUF through Cache Storage, loads it with the threads and backend the
// page chose, streams completions as timestamped chunks, and frees everything on unload.
import { Wllama, WllamaAbortError } from '@wllama/wllama';
import { nowMs, type LoadProgress } from '../types';
import { toErrorPayload } from '../worker-rpc';
import { explainLlamaError, LlamaBrowserUnsupportedError, LlamaInvalidUtf8Error, LlamaNotLoadedError } from './errors';
import { readGgufModel } from './model-files';
import { RunArrivals } from './arrivals';
import type {
	LlamaBuildInfo,
	LlamaBuildRuntime,
	LlamaGenerateResult,
	LlamaLoadRequest,
	LlamaLoadResult
} from './protocol';
import { chunkParts, quantName, toServerTimings, type CompletionChunk } from './chunks';
import { WLLAMA_VERSION } from './llama-files';

/** wllama 3.13.0's build: llama.cpp's quantized dot products as generic C (ggml's wasm kernels are not in it). */
export const WLLAMA_BUILD: LlamaBuildInfo = {
	name: 'wllama',
	label: `llama.cpp · wllama ${WLLAMA_VERSION}`,
	source: `@wllama/wllama ${WLLAMA_VERSION}`,
	simd: 'generic'
};

let instance: Wllama | null = null;
let loads = 0;
/** wllama's warnings and errors since the last load or run began (llama.cpp's own text lands here). */
let recentLog: string[] = [];
const LOG_LINES = 200;
/**
 * llama.cpp's log level (wllama's LogLevel.INFO): its errors, and at load the lines that say where the
 * layers went ("offloaded 3/3 layers to GPU"); a few lines per request after that.
 */
const LOG_LEVEL_INFO = 2;

/** What the one wasm build needs: JSPI and Memory64 (wllama's compat build for other browsers is not shipped). */
export function missingFeatures(): string[] {
	const missing: string[] = [];
	if (!(WebAssembly as unknown as { Suspending?: unknown }).Suspending) missing.push('WebAssembly JSPI');
	try {
		new WebAssembly.Memory({ address: 'i64', initial: 1n } as unknown as WebAssembly.MemoryDescriptor);
	} catch {
		missing.push('WebAssembly Memory64');
	}
	return missing;
}

export async function load(
	request: LlamaLoadRequest,
	progress: (p: LoadProgress) => void,
	signal: AbortSignal
): Promise<LlamaLoadResult> {
	const startMs = nowMs();
	await unload();
	const missing = missingFeatures();
	if (missing.length > 0) throw new LlamaBrowserUnsupportedError(missing);
	const model = await readGgufModel(request, progress, signal);
	progress({ status: 'stage', stage: 'compiling', message: 'Starting llama.cpp (wasm) and reading the model' });
	recentLog = [];
	const note = (...args: unknown[]) => {
		recentLog.push(args.map(String).join(' '));
		if (recentLog.length > LOG_LINES) recentLog.splice(0, recentLog.length - LOG_LINES);
	};
	const wllama = new Wllama(
		{ default: request.wasmUrl },
		{ suppressNativeLog: false, logger: { debug: note, log: note, warn: note, error: note } }
	);
	// Off: the compat build would come from a public CDN; browsers that need it get a clear error above.
	wllama.setCompat(null);
	try {
		await wllama.loadModel(model.blobs, {
			n_threads: request.threads,
			n_gpu_layers: request.webgpu ? 99999 : 0,
			n_ctx: request.contextTokens,
			n_parallel: 1,
			log_level: LOG_LEVEL_INFO as never
		});
	} catch (error) {
		await wllama.exit().catch(() => undefined);
		throw explainLlamaError(error, recentLog);
	}
	const notices = recentLog.filter((line) => /^(warn|error)\b|compat/i.test(line));
	const offloaded = recentLog.map((line) => /offloaded (\d+)\/\d+ layers to GPU/.exec(line)).find(Boolean);
	instance = wllama;
	loads++;
	const meta = wllama.getModelMetadata().meta;
	const threads = wllama.isMultithread() ? wllama.getNumThreads() : 1;
	if (request.threads > 1 && threads === 1)
		notices.push(
			'llama.cpp runs on 1 thread: this page is not cross-origin isolated (COOP/COEP), so wasm threads are off.'
		);
	return {
		loadMs: nowMs() - startMs,
		loadKind: model.fromCache ? 'warm' : 'cold',
		bytes: model.bytes,
		version: Wllama.getLibllamaVersion(),
		threads,
		multithread: wllama.isMultithread(),
		quant: quantName(meta['general.file_type']),
		modelName: meta['general.name'],
		chatTemplate: Boolean(wllama.getChatTemplate()),
		gpuLayers: offloaded ? Number(offloaded[1]) : 0,
		notices,
		build: WLLAMA_BUILD
	};
}

export const generate: LlamaBuildRuntime['generate'] = async (request, progress, signal) => {
	const wllama = instance;
	if (!wllama) throw new LlamaNotLoadedError();
	const arrivals = new RunArrivals(progress);
	let last: CompletionChunk | undefined;
	recentLog = [];
	const onData = (chunk: CompletionChunk) => {
		const tMs = nowMs();
		last = chunk;
		const { text, tokenIds } = chunkParts(chunk);
		if (!text && tokenIds.length === 0) return;
		// One message per event-loop turn: a burst of chunks crosses as one batch.
		if (arrivals.push(text, tokenIds, tMs)) setTimeout(() => arrivals.flush(), 0);
	};
	const common = {
		stream: true as const,
		onData,
		abortSignal: signal,
		max_tokens: request.maxNewTokens,
		temperature: request.temperature,
		top_p: request.topP,
		seed: request.seed,
		stop: request.stop,
		ignore_eos: request.ignoreEos,
		// Each run is measured from its whole prompt, as the other engines are.
		cache_prompt: false,
		...(request.tokenIds ? { n_probs: 1 } : {})
	};
	let finishReason: LlamaGenerateResult['finishReason'];
	try {
		if (request.input.mode === 'chat')
			await wllama.createChatCompletion({ ...common, messages: request.input.messages } as never);
		else await wllama.createCompletion({ ...common, prompt: request.input.prompt } as never);
		const reason = last?.choices?.[0]?.finish_reason;
		finishReason = reason === 'length' ? 'length' : 'stop';
	} catch (error) {
		if (!(error instanceof WllamaAbortError) && !signal.aborted) {
			arrivals.flush();
			const explained = explainLlamaError(error, recentLog);
			// After a failure inside the wasm (a RuntimeError, or llama.cpp's JSON exception, which surfaces as
			// one) its state is unknown: free it, so the next load starts clean instead of failing again.
			if (explained instanceof LlamaInvalidUtf8Error || explained.name === 'RuntimeError') await unload();
			throw explained;
		}
		finishReason = 'cancelled';
	}
	arrivals.flush();
	const timings = last?.timings;
	const { texts, ids } = arrivals;
	return {
		text: texts.join(''),
		inputTokens: timings ? timings.prompt_n + (timings.cache_n ?? 0) : (last?.usage?.prompt_tokens ?? null),
		outputTokens:
			timings?.predicted_n ?? last?.usage?.completion_tokens ?? (request.tokenIds ? ids.length : texts.length),
		tokenIds: request.tokenIds ? ids : undefined,
		arrivalsMs: arrivals.arrivalsMs,
		finishReason,
		serverTimings: toServerTimings(timings)
	};
};

export async function unload(): Promise<{ released: boolean }> {
	const wllama = instance;
	instance = null;
	if (!wllama) return { released: false };
	await wllama.exit().catch((error) => console.warn('llama.cpp exit failed', toErrorPayload(error)));
	return { released: true };
}

export function stats(): { liveModels: number; loads: number } {
	return { liveModels: instance ? 1 : 0, loads };
}
