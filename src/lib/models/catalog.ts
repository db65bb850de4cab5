// Real, transformers.js-ready instruct models on the Hugging Face Hub. Sizes are the ONNX file sizes
// (decimal MB) listed on each repository's "Files and versions" page of its onnx/ folder, checked when
// this list was written; the tokenizer adds a few MB. Each entry cites the page it was checked against.
// These are real downloads: the UI marks each one "downloads N MB" before anything is fetched.
// GGUF files (for llama.cpp) sit in quantizers' repositories; each cites the file list it was read from.
import type { TwinShapeName } from './synthetic/shapes';

export interface CatalogDtype {
	dtype: 'fp32' | 'fp16' | 'q8' | 'q4' | 'q4f16';
	/** ONNX weights to download, MB (10^6 bytes). */
	downloadMb: number;
	/** What the dtype needs: f16 variants need WebGPU with shader-f16. */
	needs: 'any' | 'webgpu-f16';
}

/** A GGUF file for llama.cpp: often in another repository than the ONNX files (a quantizer's "-GGUF" repo). */
export interface CatalogGguf {
	repo: string;
	/** The file (the first part of a split file: gguf-files.ts lists the rest). */
	file: string;
	/** As the repository's file list shows it (decimal MB, rounded there). */
	downloadMb: number;
	/** The "Files and versions" page the name and size were read from. */
	source: string;
}

export interface CatalogEntry {
	id: string;
	label: string;
	params: string;
	/** Page the sizes were checked against. */
	source: string;
	dtypes: CatalogDtype[];
	/** A twin shape of the same dimensions, to measure speed without downloading (see shapes.ts). */
	twin?: TwinShapeName;
	/** GGUF files per Edgewise dtype (q8 = Q8_0, q4 = Q4_0), where one was found with its size. */
	gguf?: Partial<Record<'fp32' | 'q8' | 'q4', CatalogGguf>>;
}

export const CATALOG: readonly CatalogEntry[] = [
	{
		id: 'HuggingFaceTB/SmolLM2-135M-Instruct',
		label: 'SmolLM2 135M Instruct',
		params: '135M',
		// https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct/tree/main/onnx : model.onnx 654 MB,
		// model_fp16.onnx 327 MB, model_q4.onnx 200 MB, model_q4f16.onnx 134 MB (no q8 file).
		source: 'https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct/tree/main/onnx',
		dtypes: [
			{ dtype: 'q4', downloadMb: 200, needs: 'any' },
			{ dtype: 'q4f16', downloadMb: 134, needs: 'webgpu-f16' },
			{ dtype: 'fp16', downloadMb: 327, needs: 'webgpu-f16' },
			{ dtype: 'fp32', downloadMb: 654, needs: 'any' }
		],
		twin: 'smollm2-135m',
		// No Q4_0 file of SmolLM2-135M-Instruct was found with a size on its Hub page; none is listed.
		gguf: {
			q8: {
				repo: 'mradermacher/SmolLM2-135M-Instruct-GGUF',
				file: 'SmolLM2-135M-Instruct.Q8_0.gguf',
				downloadMb: 145,
				source: 'https://huggingface.co/mradermacher/SmolLM2-135M-Instruct-GGUF/tree/main'
			}
		}
	},
	{
		id: 'HuggingFaceTB/SmolLM2-360M-Instruct',
		label: 'SmolLM2 360M Instruct',
		params: '360M',
		// https://huggingface.co/HuggingFaceTB/SmolLM2-360M-Instruct/tree/main/onnx : model.onnx 1.64 GB,
		// model_fp16.onnx 819 MB, model_q4.onnx 417 MB, model_q4f16.onnx 299 MB.
		source: 'https://huggingface.co/HuggingFaceTB/SmolLM2-360M-Instruct/tree/main/onnx',
		dtypes: [
			{ dtype: 'q4', downloadMb: 417, needs: 'any' },
			{ dtype: 'q4f16', downloadMb: 299, needs: 'webgpu-f16' },
			{ dtype: 'fp16', downloadMb: 819, needs: 'webgpu-f16' },
			{ dtype: 'fp32', downloadMb: 1640, needs: 'any' }
		],
		twin: 'smollm2-360m',
		gguf: {
			q8: {
				repo: 'bartowski/SmolLM2-360M-Instruct-GGUF',
				file: 'SmolLM2-360M-Instruct-Q8_0.gguf',
				downloadMb: 386,
				source:
					'https://huggingface.co/bartowski/SmolLM2-360M-Instruct-GGUF/tree/ab928a97ee49f3a015f35194879f68211291d6ca'
			},
			q4: {
				repo: 'bartowski/SmolLM2-360M-Instruct-GGUF',
				file: 'SmolLM2-360M-Instruct-Q4_0.gguf',
				downloadMb: 230,
				source:
					'https://huggingface.co/bartowski/SmolLM2-360M-Instruct-GGUF/tree/670ba89b1e5970fed5d4618eb3e5f6b64c4dc12c'
			}
		}
	},
	{
		id: 'onnx-community/Qwen2.5-0.5B-Instruct',
		label: 'Qwen2.5 0.5B Instruct',
		params: '494M',
		// https://huggingface.co/onnx-community/Qwen2.5-0.5B-Instruct/tree/main/onnx : model.onnx 1.99 GB,
		// model_fp16.onnx 997 MB, model_quantized.onnx 512 MB, model_q4.onnx 786 MB, model_q4f16.onnx 483 MB.
		source: 'https://huggingface.co/onnx-community/Qwen2.5-0.5B-Instruct/tree/main/onnx',
		dtypes: [
			{ dtype: 'q8', downloadMb: 512, needs: 'any' },
			{ dtype: 'q4', downloadMb: 786, needs: 'any' },
			{ dtype: 'q4f16', downloadMb: 483, needs: 'webgpu-f16' },
			{ dtype: 'fp16', downloadMb: 997, needs: 'webgpu-f16' }
		],
		gguf: {
			q8: {
				repo: 'Felladrin/gguf-Q8_0-Qwen2.5-0.5B-Instruct',
				file: 'qwen2.5-0.5b-instruct-q8_0.gguf',
				downloadMb: 531,
				source:
					'https://huggingface.co/Felladrin/gguf-Q8_0-Qwen2.5-0.5B-Instruct/tree/4ac711f855f7c3fa7cd7c58505740a8a4e8d5978'
			},
			q4: {
				repo: 'QuantFactory/Qwen2.5-0.5B-Instruct-GGUF',
				file: 'Qwen2.5-0.5B-Instruct.Q4_0.gguf',
				downloadMb: 352,
				source:
					'https://huggingface.co/QuantFactory/Qwen2.5-0.5B-Instruct-GGUF/tree/42924aee932f4512df485de35b83e826b2e718d8'
			}
		}
	},
	{
		id: 'onnx-community/Llama-3.2-1B-Instruct',
		label: 'Llama 3.2 1B Instruct',
		params: '1.24B',
		// https://huggingface.co/onnx-community/Llama-3.2-1B-Instruct/tree/c5b77c42b9a13105f54d55be507e1a65b5b8149b/onnx :
		// model_quantized.onnx 1.24 GB, model_q4.onnx 1.66 GB, model_q4f16.onnx 1.07 GB (fp32/fp16 use
		// multi-GB external data files and are left out).
		source: 'https://huggingface.co/onnx-community/Llama-3.2-1B-Instruct/tree/main/onnx',
		dtypes: [
			{ dtype: 'q4f16', downloadMb: 1070, needs: 'webgpu-f16' },
			{ dtype: 'q8', downloadMb: 1240, needs: 'any' },
			{ dtype: 'q4', downloadMb: 1660, needs: 'any' }
		],
		twin: 'llama-3.2-1b'
	}
];

export function catalogEntry(id: string): CatalogEntry | undefined {
	return CATALOG.find((entry) => entry.id === id);
}

/** The catalog entry a repository belongs to: its ONNX repository, or one of its GGUF repositories. */
export function catalogEntryOfRepo(repo: string): CatalogEntry | undefined {
	return catalogEntry(repo) ?? CATALOG.find((entry) => Object.values(entry.gguf ?? {}).some((g) => g.repo === repo));
}

export function downloadLabel(dtype: CatalogDtype): string {
	return `downloads ${dtype.downloadMb.toLocaleString('en')} MB`;
}
