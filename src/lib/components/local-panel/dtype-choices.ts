// The precisions a local slot offers: only what its runtime can run for its model. llama.cpp runs fp32, q8
// and q4 (as F32, Q8_0, Q4_0; a catalog model only those its GGUF repository has); ONNX Runtime runs the
// catalog's files, the built-in model's and twins' fp32 / q8 / q4, and any other folder's five dtypes.
import { catalogEntry, downloadLabel } from '$lib/models/catalog';
import { GGUF_QUANT_OF_DTYPE } from '$lib/models/gguf-files';
import type { LocalSelection } from '$lib/state/local-engine.svelte';

export interface DtypeChoice {
	value: string;
	label: string;
}

const plain = (dtypes: readonly string[]): DtypeChoice[] => dtypes.map((d) => ({ value: d, label: d }));

/**
 * The choices for this model and runtime. A current choice the runtime cannot run (left from the other runtime)
 * stays listed, marked, so the form shows what is picked instead of silently showing another.
 */
export function dtypeChoices(selection: Pick<LocalSelection, 'source' | 'runtime' | 'dtype'>): DtypeChoice[] {
	const choices = runnable(selection);
	if (choices.some((c) => c.value === selection.dtype)) return choices;
	return [
		...choices,
		{ value: selection.dtype, label: `${selection.dtype} (this runtime cannot run it: pick another)` }
	];
}

function runnable(selection: Pick<LocalSelection, 'source' | 'runtime'>): DtypeChoice[] {
	const { source } = selection;
	const entry = source.kind === 'hub' ? catalogEntry(source.id) : undefined;
	if (selection.runtime === 'llama.cpp') {
		const gguf = Object.keys(GGUF_QUANT_OF_DTYPE) as (keyof typeof GGUF_QUANT_OF_DTYPE)[];
		const listed = entry?.gguf ? gguf.filter((d) => entry.gguf?.[d]) : gguf;
		return listed.map((d) => {
			const file = entry?.gguf?.[d];
			return {
				value: d,
				label: `${d} · ${GGUF_QUANT_OF_DTYPE[d]}${file ? ` · downloads ${file.downloadMb.toLocaleString('en')} MB` : ''}`
			};
		});
	}
	if (entry)
		return entry.dtypes.map((d) => ({
			value: d.dtype,
			label: `${d.dtype} · ${downloadLabel(d)}${d.needs === 'webgpu-f16' ? ' · WebGPU f16' : ''}`
		}));
	return plain(['fp32', 'q8', 'q4', ...(source.kind === 'default' || source.kind === 'twin' ? [] : ['fp16', 'q4f16'])]);
}
