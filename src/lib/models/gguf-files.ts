// The GGUF files llama.cpp loads for a model source and an Edgewise dtype (fp32 -> F32, q8 -> Q8_0,
// q4 -> Q4_0), as URLs LlamaCppEngine fetches (through Cache Storage, engine/llama/model-files.ts).
//
// Which file, in order:
// 1. a file the source names (`file` on a hub/url source, e.g. pasted as .../resolve/main/x-Q4_0.gguf);
// 2. the catalog's file for that dtype (catalog.ts `gguf`, which also names the repository: GGUF files
//    usually live in a quantizer's "-GGUF" repository, not beside the ONNX files);
// 3. otherwise the name most GGUF repositories on the Hub use (bartowski, lmstudio-community, tensorblock):
//    the repository's name without its "-GGUF" ending, then "-" and the quant, e.g.
//    bartowski/SmolLM2-360M-Instruct-GGUF -> SmolLM2-360M-Instruct-Q4_0.gguf. Repositories that spell it
//    otherwise ("name.Q4_0.gguf", lower case) need the file named.
// A split file ("-00001-of-00003.gguf") is listed part by part, in order, as wllama loads it.
import type { ModelInfo } from '../engine/types';
import { catalogEntryOfRepo } from './catalog';
import { hubFileUrl } from './hub';
import { BUILTIN_MODELS } from './builtin';
import { builtinIdOf, HF_HUB, resolveSource, type ModelSource } from './sources';
import { GGUF_FILE_NAMES } from './synthetic/gguf';

/** The llama.cpp quant each Edgewise dtype runs as. */
export const GGUF_QUANT_OF_DTYPE = { fp32: 'F32', q8: 'Q8_0', q4: 'Q4_0' } as const;
export type GgufDtype = keyof typeof GGUF_QUANT_OF_DTYPE;

const APP_FILE = { fp32: GGUF_FILE_NAMES.f32, q8: GGUF_FILE_NAMES.q8_0, q4: GGUF_FILE_NAMES.q4_0 } as const;

export class NoGgufForDtypeError extends Error {
	override name = 'NoGgufForDtypeError';
	constructor(readonly dtype: string) {
		super(
			`Precision ${dtype} has no GGUF file: llama.cpp runs fp32 (F32), q8 (Q8_0) or q4 (Q4_0). Pick one of those, or run ${dtype} on ONNX Runtime.`
		);
	}
}

export class TwinHasNoGgufError extends Error {
	override name = 'TwinHasNoGgufError';
	constructor() {
		super(
			'Twins are generated in the browser as ONNX only; llama.cpp has no GGUF twin here yet. Use ONNX Runtime for the twin, or write its GGUF with `npm run make-model -- --shape <shape> --dtype q8_0,q4_0` and load that file by URL.'
		);
	}
}

export class GgufNotListedError extends Error {
	override name = 'GgufNotListedError';
	constructor(
		readonly modelId: string,
		readonly dtype: string
	) {
		super(
			`The catalog lists no ${GGUF_QUANT_OF_DTYPE[dtype as GgufDtype] ?? dtype} GGUF file for ${modelId}. Pick another precision, or paste the URL of a GGUF file (…/resolve/main/name.gguf).`
		);
	}
}

function isGgufDtype(dtype: string): dtype is GgufDtype {
	return Object.hasOwn(GGUF_QUANT_OF_DTYPE, dtype);
}

const SPLIT = /-(\d{5})-of-(\d{5})\.gguf$/i;
// The quant as file names spell it: Q4_0, Q8_0, Q4_K_M, IQ4_XS, F16, BF16, F32 (any case).
const QUANT_IN_NAME = /[-._]((?:I?Q\d(?:_[A-Z0-9]+)*)|B?F16|F32)(?:-\d{5}-of-\d{5})?\.gguf$/i;

/** Every part of a split file, in order (a single file: itself). */
export function ggufParts(file: string): string[] {
	const match = file.match(SPLIT);
	if (!match) return [file];
	const count = Number(match[2]);
	const stem = file.slice(0, match.index);
	return Array.from({ length: count }, (_, i) => `${stem}-${String(i + 1).padStart(5, '0')}-of-${match[2]}.gguf`);
}

/** The quant a GGUF file name carries ("Q4_K_M"), or null when it says none. */
export function quantInFileName(file: string): string | null {
	return file.match(QUANT_IN_NAME)?.[1]?.toUpperCase() ?? null;
}

/** The file name most Hub GGUF repositories use for a quant (see the top of this file). */
export function conventionalGgufName(repo: string, quant: string): string {
	const name = repo.split('/').at(-1) ?? repo;
	return `${name.replace(/[-_.]gguf$/i, '')}-${quant}.gguf`;
}

export function ggufFilesFor(source: ModelSource, dtype: string): { urls: string[]; model: ModelInfo; quant: string } {
	if (source.kind === 'twin') throw new TwinHasNoGgufError();
	// A file named by its own URL is that file, whatever the Precision says: its quant is in it.
	if (source.kind === 'file')
		return {
			urls: [source.url],
			model: { id: source.url },
			quant: quantInFileName(source.url) ?? (isGgufDtype(dtype) ? GGUF_QUANT_OF_DTYPE[dtype] : dtype)
		};
	if (!isGgufDtype(dtype)) throw new NoGgufForDtypeError(dtype);
	const quant = GGUF_QUANT_OF_DTYPE[dtype];
	if (source.kind === 'default') {
		// Served by the app beside the ONNX files, under the path the ONNX side loads from (/models/{id}/).
		const id = builtinIdOf(source);
		return {
			urls: [`/models/${id}/${APP_FILE[dtype]}`],
			model: { id, synthetic: BUILTIN_MODELS[id].synthetic },
			quant
		};
	}
	resolveSource(source); // the same checks of the id as for ONNX files (InvalidModelSourceError)
	const revision = source.revision ?? 'main';
	const host = source.kind === 'hub' ? HF_HUB : source.baseUrl;
	const listed = source.kind === 'hub' && !source.file ? catalogEntryOfRepo(source.id) : undefined;
	let repo = source.id;
	let file = source.file;
	let bytes: number | undefined;
	if (listed) {
		const gguf = listed.gguf?.[dtype];
		if (!gguf) throw new GgufNotListedError(listed.id, dtype);
		({ repo, file } = gguf);
		bytes = gguf.downloadMb * 1e6;
	}
	file ??= conventionalGgufName(repo, quant);
	const urls = ggufParts(file).map((part) => hubFileUrl(host, repo, revision, part));
	const id = source.kind === 'hub' ? repo : `${new URL(source.baseUrl).origin}/${repo}`;
	return {
		urls,
		model: { id, revision, ...(bytes ? { bytes } : {}) },
		quant: (source.file && quantInFileName(source.file)) || quant
	};
}
