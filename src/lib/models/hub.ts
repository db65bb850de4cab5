// The Hub layout every model source shares: {base}/{id}/resolve/{revision}/{file}. huggingface.co serves
// it, and so can any static host (the test Hub server, a LAN box). The worker points transformers.js at a
// base with env.remoteHost + env.remotePathTemplate (see engine/local/model-session.ts); errors for bad
// input (404 id, HTML instead of a model, missing tokenizer, too large) live in engine/local/load-errors.ts.
import { ModelNotFoundError, NotAModelError } from '../engine/local/load-errors';

export {
	ModelNotFoundError,
	NotAModelError,
	MissingTokenizerError,
	ModelTooLargeError
} from '../engine/local/load-errors';

const HUB_PATH_TEMPLATE = '{model}/resolve/{revision}/';

export function hubFileUrl(base: string, id: string, revision: string, file: string): string {
	const root = base.endsWith('/') ? base : `${base}/`;
	const path = HUB_PATH_TEMPLATE.replace('{model}', id).replace('{revision}', encodeURIComponent(revision));
	return new URL(`${path}${file}`, root).href;
}

const DTYPE_SUFFIX: Record<string, string> = { fp32: '', fp16: '_fp16', q8: '_quantized', q4: '_q4', q4f16: '_q4f16' };

/** The dtypes transformers.js names files for, in the order a model without a declared dtype prefers them. */
const HUB_DTYPES = ['q8', 'fp32', 'q4', 'fp16', 'q4f16'] as const;

/** The ONNX file transformers.js loads for a dtype (its naming: q8 is "quantized"). */
export function onnxFileName(dtype: string): string {
	return `onnx/model${DTYPE_SUFFIX[dtype] ?? `_${dtype}`}.onnx`;
}

/** What a model folder offers: the dtypes whose ONNX file it serves, and the one its config.json declares. */
export interface ModelFiles {
	dtypes: string[];
	/** `transformers.js_config.dtype` (a string, or the `model` entry of a per-session map); null when absent. */
	declaredDtype: string | null;
}

/** Reads the dtype a config.json declares for transformers.js (both spellings of the key are in use). */
export function declaredDtype(config: unknown): string | null {
	if (!config || typeof config !== 'object') return null;
	const record = config as Record<string, unknown>;
	const section = (record['transformers.js_config'] ?? record['transformers_js_config']) as
		{ dtype?: unknown } | undefined;
	const dtype = section?.dtype;
	if (typeof dtype === 'string') return dtype;
	const model = dtype && typeof dtype === 'object' ? (dtype as Record<string, unknown>).model : undefined;
	if (typeof model === 'string') return model;
	return null;
}

/**
 * Hosts whose answer to the Hub's file listing is known: true where it lists (huggingface.co does), false
 * where it did not. Each host is asked once per session; one that does not list is probed file by file.
 */
const LISTS_FILES = new Map<string, boolean>([['huggingface.co', true]]);

/**
 * The `onnx/` folder's files from the Hub's listing, `GET {base}/api/models/{id}/tree/{revision}/onnx`
 * (a JSON array of `{type, path}`); null where the host does not answer it with one.
 */
async function listOnnxFiles(
	fetchFn: typeof fetch,
	base: string,
	id: string,
	revision: string,
	signal?: AbortSignal
): Promise<string[] | null> {
	const root = base.endsWith('/') ? base : `${base}/`;
	const url = new URL(`api/models/${id}/tree/${encodeURIComponent(revision)}/onnx`, root).href;
	try {
		const response = await fetchFn(url, { signal });
		if (!response.ok || !(response.headers.get('content-type') ?? '').includes('json')) {
			await response.body?.cancel().catch(() => undefined);
			return null;
		}
		const entries: unknown = await response.json();
		if (!Array.isArray(entries)) return null;
		return entries.flatMap((e: { path?: unknown }) => (typeof e?.path === 'string' ? [e.path] : []));
	} catch (error) {
		if (signal?.aborted) throw error;
		return null;
	}
}

/**
 * Which `onnx/model*.onnx` files the host has, after reading the dtype config.json declares: from the Hub's
 * file listing where the host answers it (one request, and no 404s in the browser's console for the files a
 * model lacks), else one `Range: bytes=0-0` request per dtype (a byte, not the file; each file a model lacks
 * is a 404, which the browser logs, and which is expected). Rejects when the folder is not a model (no
 * config.json, or an HTML page) and on network failures: the caller decides what that means.
 */
export async function probeModelFiles(
	fetchFn: typeof fetch,
	base: string,
	id: string,
	revision: string,
	signal?: AbortSignal
): Promise<ModelFiles> {
	const isModelFile = (response: Response) =>
		response.ok && !(response.headers.get('content-type') ?? '').includes('text/html');
	const configUrl = hubFileUrl(base, id, revision, 'config.json');
	const config = await fetchFn(configUrl, { signal });
	if (config.status === 404) throw new ModelNotFoundError(`The model "${id}"`);
	if (!isModelFile(config)) {
		await config.body?.cancel().catch(() => undefined);
		throw new NotAModelError(configUrl, `HTTP ${config.status} ${config.headers.get('content-type') ?? ''}`.trim());
	}
	const declared = declaredDtype(await config.json().catch(() => null));
	const host = new URL(base).host;
	if (LISTS_FILES.get(host) !== false) {
		const listed = await listOnnxFiles(fetchFn, base, id, revision, signal);
		// A host that listed once keeps being asked; one that did not is not asked again.
		if (!LISTS_FILES.get(host)) LISTS_FILES.set(host, listed !== null);
		if (listed) return { dtypes: HUB_DTYPES.filter((d) => listed.includes(onnxFileName(d))), declaredDtype: declared };
	}
	const exists = async (file: string): Promise<boolean> => {
		const response = await fetchFn(hubFileUrl(base, id, revision, file), { headers: { Range: 'bytes=0-0' }, signal });
		await response.body?.cancel().catch(() => undefined);
		return isModelFile(response);
	};
	const present = await Promise.all(HUB_DTYPES.map((dtype) => exists(onnxFileName(dtype))));
	return { dtypes: HUB_DTYPES.filter((_, i) => present[i]), declaredDtype: declared };
}

/**
 * The dtype to start from for a model: the one it declares when its file exists, else the current choice
 * when the model has it, else the first it has.
 */
export function defaultDtype(files: ModelFiles, current: string): string {
	if (files.declaredDtype && files.dtypes.includes(files.declaredDtype)) return files.declaredDtype;
	const [first] = files.dtypes;
	if (first === undefined || files.dtypes.includes(current)) return current;
	return first;
}
