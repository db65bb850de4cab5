// Starts one Edgewise llama.cpp build (static/llama-wasm/<flavour>/) inside the llama.cpp worker and wraps
// its C API (native/llama-wasm/edgewise-llama.cpp) in typed calls. The glue is emscripten 3.1.6's classic
// script: a module worker cannot importScripts it, so its text is evaluated once to get the factory; its
// pthread workers load the same URL themselves (mainScriptUrlOrBlob), and the .wasm and .worker.js sit
// beside it (locateFile).
import { edgewiseScriptUrl, type EdgewiseFlavour } from './edgewise-files';

/** The parts of the emscripten module Edgewise calls (see edgewise-llama.cpp for each ew_ function). */
export interface EdgewiseWasm {
	FS: { writeFile(path: string, data: Uint8Array): void; unlink(path: string): void; mkdir(path: string): void };
	HEAPU8: Uint8Array;
	HEAP32: Int32Array;
	HEAPF32: Float32Array;
	HEAPF64: Float64Array;
	UTF8ToString(ptr: number): string;
	stringToUTF8(text: string, ptr: number, max: number): void;
	lengthBytesUTF8(text: string): number;
	_malloc(bytes: number): number;
	_free(ptr: number): void;
	_ew_init(logLevel: number): void;
	_ew_take_log(): number;
	_ew_system_info(): number;
	_ew_load(path: number, nCtx: number, threads: number, nBatch: number): number;
	_ew_free(): void;
	_ew_threads(): number;
	_ew_n_vocab(): number;
	_ew_n_ctx(): number;
	_ew_is_eog(token: number): number;
	_ew_meta(key: number, buf: number, size: number): number;
	_ew_tokenize(text: number, length: number, addSpecial: number, out: number, max: number): number;
	_ew_token_piece(token: number, buf: number, size: number): number;
	_ew_apply_chat(roles: number, contents: number, n: number, buf: number, size: number): number;
	_ew_has_chat_template(): number;
	_ew_reset(): void;
	_ew_decode(tokens: number, n: number): number;
	_ew_logits(): number;
	_ew_greedy(): number;
	_ew_perf(out: number): void;
}

type Factory = (options: object) => Promise<EdgewiseWasm>;
const factories = new Map<EdgewiseFlavour, Promise<Factory>>();

async function factory(flavour: EdgewiseFlavour): Promise<Factory> {
	const url = edgewiseScriptUrl(flavour);
	const response = await fetch(url);
	if (!response.ok) throw new Error(`The Edgewise llama.cpp build is missing (${url}: HTTP ${response.status}).`);
	const source = await response.text();
	return new Function(`${source}\nreturn createEdgewiseLlama;`)() as Factory;
}

/** A fresh instance of the flavour (its own memory and pthread workers); the script is fetched once. */
export async function startEdgewise(flavour: EdgewiseFlavour): Promise<EdgewiseWasm> {
	let pending = factories.get(flavour);
	if (!pending) {
		pending = factory(flavour);
		factories.set(flavour, pending);
		pending.catch(() => factories.delete(flavour));
	}
	const create = await pending;
	const scriptUrl = edgewiseScriptUrl(flavour);
	const module = await create({
		locateFile: (path: string) => new URL(path, scriptUrl).href,
		mainScriptUrlOrBlob: scriptUrl,
		print: () => undefined,
		printErr: () => undefined
	});
	module._ew_init(LOG_LEVEL_WARN);
	return module;
}

/** ggml_log_level: warnings and errors reach ew_take_log(). */
const LOG_LEVEL_WARN = 3;

/** Copies a string into the module's heap (free it with _free). */
export function heapString(m: EdgewiseWasm, text: string): { ptr: number; length: number } {
	const length = m.lengthBytesUTF8(text);
	const ptr = m._malloc(length + 1);
	m.stringToUTF8(text, ptr, length + 1);
	return { ptr, length };
}

export function takeLog(m: EdgewiseWasm): string[] {
	return m
		.UTF8ToString(m._ew_take_log())
		.split('\n')
		.filter((line) => line.trim() !== '');
}

/** A metadata string of the loaded model, or undefined. */
export function metaValue(m: EdgewiseWasm, key: string): string | undefined {
	const k = heapString(m, key);
	const buf = m._malloc(512);
	try {
		const n = m._ew_meta(k.ptr, buf, 512);
		return n < 0 ? undefined : m.UTF8ToString(buf);
	} finally {
		m._free(k.ptr);
		m._free(buf);
	}
}

/** Token ids of a text with the model's own tokenizer (BOS added when the model asks for it). */
export function tokenize(m: EdgewiseWasm, text: string): number[] {
	const t = heapString(m, text);
	let max = t.length + 16;
	try {
		for (;;) {
			const out = m._malloc(4 * max);
			const n = m._ew_tokenize(t.ptr, t.length, 1, out, max);
			const ids = n >= 0 ? Array.from(m.HEAP32.subarray(out >> 2, (out >> 2) + n)) : null;
			m._free(out);
			if (ids) return ids;
			max = -n;
		}
	} finally {
		m._free(t.ptr);
	}
}

/** The model's chat template applied to the messages (assistant turn opened), or null without one. */
export function applyChat(m: EdgewiseWasm, messages: { role: string; content: string }[]): string | null {
	if (!m._ew_has_chat_template()) return null;
	const strings = messages.flatMap((msg) => [heapString(m, msg.role), heapString(m, msg.content)]);
	const roles = m._malloc(4 * messages.length);
	const contents = m._malloc(4 * messages.length);
	messages.forEach((_, i) => {
		m.HEAP32[(roles >> 2) + i] = strings[2 * i]!.ptr;
		m.HEAP32[(contents >> 2) + i] = strings[2 * i + 1]!.ptr;
	});
	let size = 256 + strings.reduce((sum, s) => sum + s.length, 0) * 2;
	try {
		for (;;) {
			const buf = m._malloc(size);
			const n = m._ew_apply_chat(roles, contents, messages.length, buf, size);
			const text = n > 0 ? new TextDecoder().decode(m.HEAPU8.slice(buf, buf + n)) : null;
			m._free(buf);
			// n < 0: the length needed, or llama.cpp's -1 for a template it does not know (then none is used).
			if (n >= 0 || -n <= size) return text;
			size = -n + 1;
		}
	} finally {
		strings.forEach((s) => m._free(s.ptr));
		m._free(roles);
		m._free(contents);
	}
}
