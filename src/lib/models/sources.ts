// Where a local model comes from, as the person picked it, and how the worker reaches its files.
import type { ModelInfo } from '../engine/types';
import type { WorkerModelLocation } from '../engine/local/protocol';
import { catalogEntry } from './catalog';
import { BUILTIN_MODELS, DEFAULT_MODEL_ID, type BuiltinModelId } from './builtin';
import { SHAPES, type ModelShape, type TwinShapeName } from './synthetic/shapes';

export type { TwinShapeName, BuiltinModelId };
export { DEFAULT_MODEL_ID, TINY_MODEL_ID } from './builtin';
export const HF_HUB = 'https://huggingface.co/';
export const TWIN_SEED = 1;

export type ModelSource =
	/**
	 * A model the app serves itself (static/models/<id>, see builtin.ts): without `id` the default one,
	 * stories260k (selections saved before there were two keep meaning "the default").
	 */
	| { kind: 'default'; id?: BuiltinModelId }
	/** A random-weight model with a real model's exact shape, generated in the worker; speed, not quality. */
	| { kind: 'twin'; shape: TwinShapeName; seed?: number }
	/**
	 * A curated catalog entry or any Hugging Face Hub id. `file`: a GGUF file in that repository, named
	 * explicitly (llama.cpp only; see gguf-files.ts for the name used without it).
	 */
	| { kind: 'hub'; id: string; revision?: string; file?: string }
	/** Any server with the Hub layout {baseUrl}/{id}/resolve/{revision}/{file}. */
	| { kind: 'url'; baseUrl: string; id: string; revision?: string; file?: string }
	/** One GGUF file at a URL of any shape (llama.cpp only: ONNX Runtime needs a model folder). */
	| { kind: 'file'; url: string };

export class InvalidModelSourceError extends Error {
	override name = 'InvalidModelSourceError';
}

const HUB_ID = /^[\w.-]+(\/[\w.-]+)?$/;

export function twinId(shape: TwinShapeName, seed = TWIN_SEED): string {
	return `twin/${shape}-s${seed}`;
}

// Selections stored before a file could be named have none, and keep the key they had.
const fileSuffix = (file: string | undefined) => (file ? `#${file}` : '');

/** Which built-in model a `default` source names. */
export function builtinIdOf(source: { kind: 'default'; id?: BuiltinModelId }): BuiltinModelId {
	return source.id ?? DEFAULT_MODEL_ID;
}

/**
 * Whether a model has a chat template, as far as its source tells before it loads: built-in models and
 * twins say; a catalog entry is an instruct model with one; any other Hub id, URL or GGUF file is unknown
 * (null) until loaded.
 */
export function knownChatTemplate(source: ModelSource): boolean | null {
	switch (source.kind) {
		case 'default':
			return BUILTIN_MODELS[builtinIdOf(source)].chatTemplate;
		case 'twin':
			return true;
		case 'hub':
			return !source.file && catalogEntry(source.id) ? true : null;
		case 'url':
		case 'file':
			return null;
	}
}

export function sourceKey(source: ModelSource): string {
	switch (source.kind) {
		case 'default':
			return `default:${builtinIdOf(source)}`;
		case 'twin':
			return `twin:${twinId(source.shape, source.seed)}`;
		case 'hub':
			return `hub:${source.id}@${source.revision ?? 'main'}${fileSuffix(source.file)}`;
		case 'url':
			return `url:${source.baseUrl}|${source.id}@${source.revision ?? 'main'}${fileSuffix(source.file)}`;
		case 'file':
			return `file:${source.url}`;
	}
}

export function sourceLabel(source: ModelSource): string {
	switch (source.kind) {
		case 'default':
			return `${builtinIdOf(source)} (built in)`;
		case 'twin':
			return `${SHAPES[source.shape].twinOf ?? source.shape} twin (random weights)`;
		case 'hub':
			return source.file ? `${source.id} · ${source.file}` : source.id;
		case 'url':
			return `${source.id}${source.file ? ` · ${source.file}` : ''} @ ${new URL(source.baseUrl).host}`;
		case 'file': {
			const url = new URL(source.url);
			return `${url.pathname.split('/').at(-1)} @ ${url.host}`;
		}
	}
}

export function resolveSource(source: ModelSource): { location: WorkerModelLocation; model: ModelInfo } {
	switch (source.kind) {
		case 'default': {
			const id = builtinIdOf(source);
			return { location: { kind: 'app', id }, model: { id, synthetic: BUILTIN_MODELS[id].synthetic } };
		}
		case 'twin': {
			const shape: ModelShape = SHAPES[source.shape];
			const id = twinId(source.shape, source.seed);
			return { location: { kind: 'twin', id, shape, seed: source.seed ?? TWIN_SEED }, model: { id, synthetic: true } };
		}
		case 'hub': {
			if (!HUB_ID.test(source.id))
				throw new InvalidModelSourceError(`"${source.id}" is not a Hub model id (expected owner/name).`);
			const revision = source.revision ?? 'main';
			return { location: { kind: 'hub', host: HF_HUB, id: source.id, revision }, model: { id: source.id, revision } };
		}
		case 'url': {
			const revision = source.revision ?? 'main';
			return {
				location: { kind: 'hub', host: source.baseUrl, id: source.id, revision },
				model: { id: `${new URL(source.baseUrl).origin}/${source.id}`, revision }
			};
		}
		case 'file':
			throw new GgufFileOnlyError(source.url);
	}
}

export class GgufFileOnlyError extends Error {
	override name = 'GgufFileOnlyError';
	constructor(url: string) {
		super(
			`${url} is one GGUF file: llama.cpp runs it (Runtime: llama.cpp). ONNX Runtime needs a model folder in the Hub layout, {server}/{id}/resolve/{revision}/{file}.`
		);
	}
}

/**
 * Reads what a person pasted: a Hub id ("owner/name"), or a URL of a model folder on a server with the
 * Hub layout ("http://host:4322/my-model", optionally ending in /resolve/{revision}/), or of one GGUF file
 * in it (".../resolve/main/model-Q4_0.gguf", or the Hub's page for it, ".../blob/main/model-Q4_0.gguf"), or
 * of a GGUF file anywhere else ("http://host/files/x.gguf": that file).
 */
export function parseModelInput(text: string): ModelSource {
	const value = text.trim();
	if (/^https?:\/\//i.test(value)) {
		let url: URL;
		try {
			url = new URL(value);
		} catch {
			throw new InvalidModelSourceError(`"${value}" is not a valid URL.`);
		}
		const gguf = url.pathname.match(/^\/(.+?)\/(?:resolve|blob)\/([^/]+)\/(.+\.gguf)$/i);
		if (gguf) {
			const [, id = '', revision, file] = gguf;
			if (url.origin === new URL(HF_HUB).origin) return { kind: 'hub', id, revision, file };
			return { kind: 'url', baseUrl: `${url.origin}/`, id, revision, file };
		}
		// A .gguf URL outside the Hub layout is that very file, not a folder to look for files in.
		if (/\.gguf$/i.test(url.pathname)) return { kind: 'file', url: url.href };
		const match = url.pathname.match(/^\/(.+?)(?:\/resolve\/([^/]+))?\/?$/);
		if (!match) throw new InvalidModelSourceError('Add the model folder to the URL, e.g. http://host/my-model.');
		const [, id = '', revision] = match;
		if (url.origin === new URL(HF_HUB).origin) return { kind: 'hub', id, revision };
		return { kind: 'url', baseUrl: `${url.origin}/`, id, revision };
	}
	if (!HUB_ID.test(value)) {
		throw new InvalidModelSourceError(`"${value}" is neither a Hub id (owner/name) nor an http(s) URL.`);
	}
	return { kind: 'hub', id: value };
}
