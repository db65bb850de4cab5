// Loading one model (tokenizer + ONNX sessions) with transformers.js inside the worker, warming it up,
// and releasing it. The worker keeps at most one of these alive.
import {
	AutoConfig,
	AutoModelForCausalLM,
	AutoTokenizer,
	env,
	type PreTrainedModel,
	type PreTrainedTokenizer,
	type ProgressInfo
} from '@huggingface/transformers';
import type { LoadProgress } from '../types';
import type { WorkerLoadRequest, WorkerModelLocation } from './protocol';
import { createModelFetch, type FetchLog } from './model-fetch';
import { explainLoadError, MissingModelFileError, MissingTokenizerError } from './load-errors';
import { onnxFileName, probeModelFiles } from '../../models/hub';
import { PLAIN_BUILD, type Device } from './backend';

export interface LoadedModel {
	model: PreTrainedModel;
	tokenizer: PreTrainedTokenizer;
	log: FetchLog;
	/** Cache key of the main .onnx file, for hashing. */
	onnxUrl?: string;
	sessionCount: number;
}

const nativeFetch = globalThis.fetch.bind(globalThis);

/** Points transformers.js at the right place for this source; never at a CDN. */
function configureEnv(request: WorkerLoadRequest, log: FetchLog, signal: AbortSignal): void {
	const { location } = request;
	env.localModelPath = '/models/';
	env.allowLocalModels = location.kind !== 'hub';
	env.allowRemoteModels = location.kind === 'hub';
	if (location.kind === 'hub') {
		env.remoteHost = location.host.endsWith('/') ? location.host : `${location.host}/`;
		env.remotePathTemplate = '{model}/resolve/{revision}/';
	}
	env.useBrowserCache = true;
	env.fetch = createModelFetch(nativeFetch, log, () => request.maxBytes, signal);
	configureRuntime(request);
}

/** The ONNX Runtime settings, the same for `prepare` and every load (ORT reads them when it starts). */
export function configureRuntime(request: Pick<WorkerLoadRequest, 'device' | 'threads' | 'wasmPaths'>): void {
	// Let ONNX Runtime fetch its .wasm itself (instantiateStreaming: compiled while it downloads, and
	// Chromium keeps the compiled code for the next worker). transformers.js's wasm cache instead hands
	// ORT the bytes as `wasmBinary`, which compiles from scratch in every new worker. The service worker
	// precaches the ORT files, so offline loads still find them.
	env.useWasmCache = false;
	const wasm = env.backends.onnx.wasm!;
	wasm.wasmPaths = { ...request.wasmPaths };
	// ORT leaves numThreads at 1 in this setting unless told; set it explicitly every time.
	wasm.numThreads = request.device === 'wasm' ? request.threads : 1;
	wasm.proxy = false;
}

function modelId(location: WorkerModelLocation): string {
	return location.id;
}

/** Turns transformers.js progress into the engine's per-file and total events. */
function progressAdapter(onProgress: (p: LoadProgress) => void) {
	const files = new Map<string, { loaded: number; total: number }>();
	let lastEmitMs = 0;
	return (info: ProgressInfo) => {
		if (info.status !== 'progress' && info.status !== 'done') return;
		const current = files.get(info.file) ?? { loaded: 0, total: 0 };
		if (info.status === 'progress') files.set(info.file, { loaded: info.loaded, total: info.total });
		else files.set(info.file, { loaded: current.total || current.loaded, total: current.total || current.loaded });
		const now = performance.now();
		// Large files report every chunk; 20 updates a second is plenty for a progress bar.
		if (info.status === 'progress' && info.loaded < info.total && now - lastEmitMs < 50) return;
		lastEmitMs = now;
		const file = files.get(info.file)!;
		onProgress({ status: 'file', file: info.file, loadedBytes: file.loaded, totalBytes: file.total });
		let loadedBytes = 0;
		let totalBytes = 0;
		for (const f of files.values()) {
			loadedBytes += f.loaded;
			totalBytes += f.total;
		}
		onProgress({ status: 'total', loadedBytes, totalBytes });
	};
}

/**
 * With an ORT registered on globalThis (the plain build, see worker.ts), transformers.js 4.3.2 leaves its
 * list of supported devices empty, so `device: 'wasm'` throws 'Unsupported device'. 'auto' maps to that
 * empty list without throwing, and the execution provider is then named in the session options.
 */
function deviceOptions(request: WorkerLoadRequest): {
	device: 'auto' | Device;
	session_options?: { executionProviders: string[] };
} {
	if (request.build === PLAIN_BUILD) return { device: 'auto', session_options: { executionProviders: ['wasm'] } };
	return { device: request.device };
}

export async function loadModel(
	request: WorkerLoadRequest,
	onProgress: (p: LoadProgress) => void
): Promise<LoadedModel> {
	const log: FetchLog = { networkFiles: [], declaredBytes: new Map(), missingFiles: [] };
	const abort = new AbortController();
	configureEnv(request, log, abort.signal);
	const id = modelId(request.location);
	const revision = request.location.kind === 'hub' ? request.location.revision : 'main';
	const progress_callback = progressAdapter(onProgress);

	// Config first (small): a wrong id or a URL that is not a model fails here, before any big download.
	try {
		await AutoConfig.from_pretrained(id, { revision });
	} catch (error) {
		throw explainLoadError(error, id, false);
	}
	// Then the tokenizer and the model side by side: the tokenizer's files and parsing overlap the model's
	// download or Cache Storage read. A tokenizer that fails aborts the model's downloads, and a model that
	// loaded all the same is released, before the tokenizer's error is reported.
	const tokenizerLoad = loadTokenizer(id, revision, progress_callback, log);
	tokenizerLoad.catch(() => abort.abort());
	const modelLoad = AutoModelForCausalLM.from_pretrained(id, {
		revision,
		dtype: request.dtype as never,
		...deviceOptions(request),
		progress_callback
	}).catch(async (error: unknown) => {
		throw (await explainMissingOnnx(request, log)) ?? explainLoadError(error, id, false);
	});
	const [tokenizer, model] = await Promise.allSettled([tokenizerLoad, modelLoad]);
	if (tokenizer.status === 'rejected') {
		if (model.status === 'fulfilled') await model.value.dispose();
		throw tokenizer.reason;
	}
	if (model.status === 'rejected') throw model.reason;
	const onnxUrl = [...log.declaredBytes.keys(), ...log.networkFiles].find((u) => /\.onnx$/.test(u));
	return {
		model: model.value,
		tokenizer: tokenizer.value,
		log,
		onnxUrl,
		sessionCount: Object.keys(model.value.sessions ?? {}).length
	};
}

/**
 * A model load that asked for an ONNX file the host does not have: name that file and, for a Hub-layout
 * host, the dtypes whose files it does have (Range probes of one byte each). Null when no .onnx was missing.
 */
async function explainMissingOnnx(request: WorkerLoadRequest, log: FetchLog): Promise<MissingModelFileError | null> {
	const { location, dtype } = request;
	const file = onnxFileName(dtype);
	if (!log.missingFiles.some((url) => url.endsWith(`/${file}`))) return null;
	if (location.kind !== 'hub') return new MissingModelFileError(location.id, file, dtype, null);
	const files = await probeModelFiles(nativeFetch, location.host, location.id, location.revision).catch(() => null);
	return new MissingModelFileError(location.id, file, dtype, files?.dtypes ?? null);
}

async function loadTokenizer(
	id: string,
	revision: string,
	progress_callback: (info: ProgressInfo) => void,
	log: FetchLog
): Promise<PreTrainedTokenizer> {
	try {
		return await AutoTokenizer.from_pretrained(id, { revision, progress_callback });
	} catch (error) {
		// transformers.js fails on a missing tokenizer_config.json with a TypeError, not a 404.
		if (log.missingFiles.some((url) => /\/tokenizer(_config)?\.json$/.test(url))) throw new MissingTokenizerError(id);
		throw explainLoadError(error, id, true);
	}
}

/** One greedy token so shader compilation and first-run allocations happen before `ready`. */
export async function warmUp(loaded: LoadedModel): Promise<void> {
	const inputs = loaded.tokenizer('Hello', { add_special_tokens: true });
	await loaded.model.generate({ ...inputs, max_new_tokens: 1, do_sample: false });
}

export async function releaseModel(loaded: LoadedModel): Promise<void> {
	await loaded.model.dispose();
}

/** sha256 of the main ONNX file as stored in Cache Storage; skipped for big files (seconds of hashing). */
export async function hashMainFile(loaded: LoadedModel, maxBytes = 64 * 1024 * 1024): Promise<string | undefined> {
	if (!loaded.onnxUrl || typeof caches === 'undefined') return undefined;
	const cache = await caches.open(env.cacheKey);
	const key = new URL(loaded.onnxUrl, self.location.href);
	const response = (await cache.match(key.href)) ?? (await cache.match(key.pathname));
	if (!response) return undefined;
	const size = Number(response.headers.get('content-length') ?? 0);
	if (size > maxBytes) return undefined;
	const digest = await crypto.subtle.digest('SHA-256', await response.arrayBuffer());
	return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
