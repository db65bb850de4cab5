// llama.cpp compiled to wasm: GGUF files, WebAssembly (the Edgewise build, or wllama's) or llama.cpp's
// WebGPU backend, in its own worker (engine/llama/). Its code loads only when a slot or the probe picks it,
// so the app's first paint does not pay for a runtime nobody chose.
import { z } from 'zod';
import { isSoftwareAdapter, wasmThreads } from '../../engine/local/backend';
import { catalogEntry } from '../../models/catalog';
import { GGUF_QUANT_OF_DTYPE, ggufFilesFor, type GgufDtype } from '../../models/gguf-files';
import type { ModelSource } from '../../models/sources';
import { measuredAutoChoice } from '../../probe/auto-choice';
import { formatTokensPerS } from '../../probe/plan';
import {
	runtimeSettings,
	type AutoContext,
	type DtypeChoice,
	type LocalRuntime,
	type RuntimeConfig
} from '../registry';
import type { LocalSelection } from '../../state/stored-settings';
import { LLAMA_RUNTIME_ID } from './id';

const GGUF_DTYPES = Object.keys(GGUF_QUANT_OF_DTYPE) as GgufDtype[];

/** Which llama.cpp build runs (engine/llama/build-choice.ts): Auto, or one named, to compare them. */
const settings = z.object({
	build: z
		.enum(['auto', 'edgewise-relaxed', 'edgewise-simd128', 'wllama'])
		.default('auto')
		.meta({
			title: 'Build',
			choiceLabels: {
				auto: 'Auto: the Edgewise build where it runs, else wllama',
				'edgewise-relaxed': 'Edgewise build, relaxed SIMD',
				'edgewise-simd128': 'Edgewise build, SIMD128',
				wllama: 'wllama (the stock build)'
			}
		})
});

/** The llama.cpp file format a dtype runs as: Q4_0, Q8_0, F32. */
function formatName(dtype: string): string {
	return GGUF_QUANT_OF_DTYPE[dtype as GgufDtype] ?? dtype;
}

/** "llama.cpp Q4_0, 2 threads", "llama.cpp Q4_0 on WebGPU". */
function describeConfig(config: RuntimeConfig): string {
	const format = `llama.cpp ${formatName(config.dtype)}`;
	if (config.device === 'webgpu') return `${format} on WebGPU`;
	return `${format}, ${config.threads} thread${config.threads === 1 ? '' : 's'}`;
}

/** fp32, q8 and q4 as F32, Q8_0, Q4_0; a catalog model only those its GGUF repository has, with their size. */
function dtypeChoices(source: ModelSource): DtypeChoice[] {
	const entry = source.kind === 'hub' ? catalogEntry(source.id) : undefined;
	const listed = entry?.gguf ? GGUF_DTYPES.filter((d) => entry.gguf?.[d]) : GGUF_DTYPES;
	return listed.map((d) => {
		const file = entry?.gguf?.[d];
		return {
			value: d,
			label: `${d} · ${formatName(d)}${file ? ` · downloads ${file.downloadMb.toLocaleString('en')} MB` : ''}`
		};
	});
}

function hasFile(source: ModelSource, dtype: string): boolean {
	try {
		ggufFilesFor(source, dtype);
		return true;
	} catch {
		return false; // no GGUF file for it (a twin, a catalog entry without that quant)
	}
}

const autoOf = (selection: LocalSelection, context: AutoContext) =>
	measuredAutoChoice(context.probe, llamaRuntime, selection.dtype, context.adapter);

export const llamaRuntime: LocalRuntime = {
	id: LLAMA_RUNTIME_ID,
	label: 'llama.cpp (GGUF)',
	shortName: 'llama.cpp',
	fileFormat: 'gguf',
	dtypes: GGUF_DTYPES,
	dtypeChoices,
	runnableDtypes: (source) => GGUF_DTYPES.filter((d) => hasFile(source, d)),
	prepares: false,
	async createEngine(selection) {
		const [{ LlamaCppEngine }, { llamaWasmUrl }, { storedProbeLookup }, { availableBytes }, backend] =
			await Promise.all([
				import('../../engine/llama/llama-engine'),
				import('../../engine/llama/llama-files'),
				import('../../probe/cache'),
				import('../../models/storage'),
				import('../../engine/local/backend')
			]);
		const files = ggufFilesFor(selection.source, selection.dtype);
		const { build } = runtimeSettings(llamaRuntime, selection.settings) as z.infer<typeof settings>;
		const measured = storedProbeLookup(selection.source, backend.browserBackendEnvironment());
		return new LlamaCppEngine({
			urls: files.urls,
			model: files.model,
			backend: selection.backend,
			threads: selection.threads ?? undefined,
			// Auto follows the device probe's llama.cpp rows for this shape, as ONNX Runtime's Auto follows its own.
			autoChoice: (adapter) => measuredAutoChoice(measured(adapter ?? null), llamaRuntime, selection.dtype, adapter),
			wasmUrl: llamaWasmUrl(),
			build,
			availableBytes
		});
	},
	async resolveAuto(selection, context) {
		try {
			ggufFilesFor(selection.source, selection.dtype);
		} catch (error) {
			return { text: (error as Error).message, notices: [], measured: false };
		}
		const { adapter, env, probe } = context;
		const measured = autoOf(selection, context);
		const threads = wasmThreads(env, selection.threads ?? measured?.threads).threads;
		if (measured) {
			const row =
				measured.device === 'webgpu'
					? measured.measurement
					: probe?.measurements.find(
							(m) =>
								m.runtime === LLAMA_RUNTIME_ID &&
								m.device === 'wasm' &&
								m.dtype === selection.dtype &&
								m.threads === threads
						);
			const config = describeConfig({ device: measured.device, dtype: selection.dtype, threads });
			const speed = row ? `: ${formatTokensPerS(row.estimatedTokensPerS)} (est.)` : '';
			return { text: `Auto runs ${config}${speed}, measured on this device`, notices: [], measured: true };
		}
		const gpu = !!adapter && !isSoftwareAdapter(adapter);
		const config = describeConfig({ device: gpu ? 'webgpu' : 'wasm', dtype: selection.dtype, threads });
		const notices =
			adapter && !gpu
				? [`Auto skipped WebGPU: the only adapter is a software one (${adapter.vendor} ${adapter.architecture}).`]
				: [];
		return { text: `Auto runs ${config}, by rule (not measured yet)`, notices, measured: false };
	},
	async autoChanged(selection, loaded, context) {
		const measured = autoOf(selection, context);
		const threads = wasmThreads(context.env, selection.threads ?? measured?.threads).threads;
		return (
			!!measured && (measured.device !== loaded.backend || (measured.device === 'wasm' && threads !== loaded.threads))
		);
	},
	describeConfig,
	formatName,
	settings,
	probe: {
		// In order of likely speed: Q4_0 and Q8_0 have wasm SIMD kernels, F32 last.
		dtypes: ['q4', 'q8', 'fp32'],
		// llama.cpp's WebGPU backend runs its CPU threads beside the GPU.
		webgpuThreads: 'most',
		async subject(group, { env, createWorker }) {
			const { llamaSubject } = await import('./probe-subject');
			return llamaSubject(group, { environment: env, createWorker });
		}
	}
};
