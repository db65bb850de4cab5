// Errors a llama.cpp (wllama) load or run can end in, each saying what to do next. Thrown in the worker,
// they cross to the page as { name, message } and keep their name there.
import { formatMb } from '../local/load-errors';

/** wllama hands each file to llama.cpp as one ArrayBuffer-backed blob: at most 2 GiB per file. */
export const MAX_GGUF_FILE_BYTES = 2 * 1024 ** 3;

export class GgufFileTooLargeError extends Error {
	override name = 'GgufFileTooLargeError';
	constructor(url: string, bytes: number) {
		super(
			`${url} is ${formatMb(bytes)}; llama.cpp in the browser (wllama) reads at most 2 GiB per file. ` +
				'Split it with `llama-gguf-split --split --split-max-size 2G` and load the parts (model-00001-of-0000N.gguf, ...), or pick a smaller quant.'
		);
	}
}

export class NotAGgufError extends Error {
	override name = 'NotAGgufError';
	constructor(url: string, detail: string) {
		super(`${url} is not a GGUF file (${detail}). Pick a .gguf file (llama.cpp's format) and load again.`);
	}
}

export class GgufFetchError extends Error {
	override name = 'GgufFetchError';
	constructor(url: string, status: number) {
		super(
			status === 404
				? `${url} was not found (HTTP 404). Check the repository and file name, then load again. A server other than the Hub must use its layout, {server}/{id}/resolve/{revision}/{file}, or be given the .gguf file's own URL.`
				: `${url} answered HTTP ${status}. Check the address (and that the server allows this app's origin), then load again.`
		);
	}
}

/** The browser lacks what the app's llama.cpp build needs (the compat build is not shipped). */
export class LlamaBrowserUnsupportedError extends Error {
	override name = 'LlamaBrowserUnsupportedError';
	constructor(missing: string[]) {
		super(
			`This browser lacks ${missing.join(' and ')}, which the app's llama.cpp build (wllama) needs. ` +
				'Use a Chromium-based browser (version 137 or later), or choose the ONNX Runtime engine.'
		);
	}
}

/** llama.cpp's server code failed to put a streamed token into JSON: its bytes are not valid UTF-8 alone. */
export class LlamaInvalidUtf8Error extends Error {
	override name = 'LlamaInvalidUtf8Error';
	constructor() {
		super(
			'llama.cpp stopped: the model produced a token that is not valid UTF-8 on its own (part of a multi-byte ' +
				'character), which its server code in wllama cannot stream. The run ended there and the model was unloaded: ' +
				'load it again to continue, and try another prompt or model (synthetic GGUF twins made by this app avoid such tokens).'
		);
	}
}

export class LlamaNotLoadedError extends Error {
	override name = 'LlamaNotLoadedError';
	constructor() {
		super('No GGUF model is loaded in llama.cpp. Load a model first.');
	}
}

/** Gives wllama's and llama.cpp's errors a name and a next step; anything else passes unchanged. */
export function explainLlamaError(error: unknown, log: readonly string[] = []): Error {
	const err = error instanceof Error ? error : new Error(String(error));
	if ([err.message, ...log].some((line) => /invalid UTF-8 byte|type_error\.316/i.test(line)))
		return new LlamaInvalidUtf8Error();
	return err;
}
