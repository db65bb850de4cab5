// Errors a model load can end in, each with a message that says what to do next. They are thrown in the
// worker, cross to the page as { name, message } and keep their name there.
import { formatBytes } from '../../bench/format';

export class ModelNotFoundError extends Error {
	override name = 'ModelNotFoundError';
	constructor(what: string) {
		super(
			`${what} was not found (HTTP 404). Check the model id or URL and its revision, then load again. A model URL's server must use the Hub layout, {server}/{id}/resolve/{revision}/{file} (e.g. http://host/my-model/resolve/main/config.json), or paste the URL of one .gguf file for llama.cpp.`
		);
	}
}

export class NotAModelError extends Error {
	override name = 'NotAModelError';
	constructor(url: string, detail: string) {
		super(
			`${url} did not return model files (${detail}). The URL must serve the Hub layout {base}/{model}/resolve/{revision}/{file}.`
		);
	}
}

export class MissingTokenizerError extends Error {
	override name = 'MissingTokenizerError';
	constructor(model: string) {
		super(
			`The model "${model}" has no tokenizer.json (or tokenizer_config.json). Add the tokenizer files to the model folder and load again.`
		);
	}
}

export class ModelTooLargeError extends Error {
	override name = 'ModelTooLargeError';
	constructor(neededBytes: number, availableBytes: number) {
		super(
			`This model needs ${formatBytes(neededBytes)} but only ${formatBytes(availableBytes)} of browser storage is free. ` +
				'Delete cached models on the Models page, or pick a smaller model or dtype.'
		);
	}
}

/** The folder lacks the ONNX file for the chosen dtype; the message names the file and what the folder has. */
export class MissingModelFileError extends Error {
	override name = 'MissingModelFileError';
	/** `available`: the dtypes whose files the folder has; null when that could not be asked. */
	constructor(model: string, file: string, dtype: string, available: string[] | null) {
		super(`The model "${model}" has no ${file}, the file for ${dtype}. ${nextStep(available)}`);
	}
}

function nextStep(available: string[] | null): string {
	if (available === null) return 'Pick another precision and load again.';
	if (available.length === 0) return 'It has no onnx/model*.onnx file at all: check the model folder.';
	const which = available.length === 1 ? 'that precision' : 'one of those precisions';
	return `It has ${available.join(', ')}: pick ${which} and load again.`;
}

/** A model file had to come from the network, and the device is offline. */
export class ModelOfflineError extends Error {
	override name = 'ModelOfflineError';
	constructor(model: string) {
		super(
			`The model "${model}" is not cached on this device, and the device is offline. ` +
				'Connect to the network and load it once; after that it loads offline too.'
		);
	}
}

/** The host did not answer at all (no HTTP status): wrong address, a server that is down, or CORS. */
export class ModelHostUnreachableError extends Error {
	override name = 'ModelHostUnreachableError';
	constructor(origin: string) {
		super(
			`Could not reach ${origin}. Check that the address is right and the server is running, and that it sends ` +
				'CORS headers (Access-Control-Allow-Origin) and Cross-Origin-Resource-Policy: cross-origin.'
		);
	}
}

export class NotLoadedError extends Error {
	override name = 'NotLoadedError';
	constructor() {
		super('No model is loaded. Load a model first.');
	}
}

export class DeviceLostError extends Error {
	override name = 'DeviceLostError';
	constructor(reason: string) {
		super(`The WebGPU device was lost (${reason}).`);
	}
}

/** Kept for the llama.cpp errors that import it: bytes read as everywhere else (`formatBytes`). */
export { formatBytes as formatMb };

/**
 * transformers.js reports missing files as plain Errors; give the common cases a name and a next step.
 * `isTokenizerStage` says whether the failure happened while loading the tokenizer.
 */
export function explainLoadError(error: unknown, model: string, isTokenizerStage: boolean): Error {
	if (!(error instanceof Error)) return new Error(String(error));
	if (error.name !== 'Error' && error.name !== 'ModelFileNotFoundError') return error;
	const message = error.message;
	const missing = /404|not found|Could not locate file|file was not found/i.test(message);
	if (missing && (isTokenizerStage || /tokenizer/i.test(message))) return new MissingTokenizerError(model);
	if (missing) return new ModelNotFoundError(`The model "${model}"`);
	if (/JSON|Unexpected token/i.test(message)) return new NotAModelError(model, 'a file was not valid JSON');
	return error;
}

/** A worker instantiates one ONNX Runtime build; LocalEngine starts a new worker for another. */
export class OrtBuildMismatchError extends Error {
	override name = 'OrtBuildMismatchError';
	constructor(running: string, requested: string) {
		super(
			`This model worker runs ONNX Runtime build ${running} and cannot switch to ${requested}. Load the model again (a new worker starts).`
		);
	}
}
