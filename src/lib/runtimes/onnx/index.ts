// transformers.js on ONNX Runtime web: ONNX files, WebGPU or WebAssembly, in the local worker
// (engine/local/). Its Auto is chooseBackend's (engine/local/backend.ts), which follows the probe's rows.
import { PLAIN_BUILD, browserBackendEnvironment, chooseBackend, type BackendChoice } from '../../engine/local/backend';
import { catalogEntry, downloadLabel } from '../../models/catalog';
import type { ModelSource } from '../../models/sources';
import { chooseFastest, describeOnDevice, formatTokensPerS } from '../../probe/plan';
import type { AutoContext, DtypeChoice, LocalRuntime } from '../registry';
import type { LocalSelection } from '../../state/stored-settings';
import { ONNX_RUNTIME_ID } from './id';

/** What Edgewise writes for its built-in models and twins. */
const GENERATED_DTYPES = ['fp32', 'q8', 'q4'];
/** Any other folder may have these too (WebGPU with shader-f16 only). */
const ALL_DTYPES = [...GENERATED_DTYPES, 'fp16', 'q4f16'];

/** The catalog's files for a Hub model it lists; the built-in model's and twins' three; any other folder's five. */
function dtypeChoices(source: ModelSource): DtypeChoice[] {
	const entry = source.kind === 'hub' ? catalogEntry(source.id) : undefined;
	if (entry)
		return entry.dtypes.map((d) => ({
			value: d.dtype,
			label: `${d.dtype} · ${downloadLabel(d)}${d.needs === 'webgpu-f16' ? ' · WebGPU f16' : ''}`
		}));
	const dtypes = source.kind === 'default' || source.kind === 'twin' ? GENERATED_DTYPES : ALL_DTYPES;
	return dtypes.map((d) => ({ value: d, label: d }));
}

/** Auto as a load makes it, over the probe's rows for this adapter. */
function autoChoice(selection: LocalSelection, context: AutoContext): Promise<BackendChoice> {
	return chooseBackend(
		'auto',
		selection.dtype,
		context.env,
		selection.threads ?? undefined,
		PLAIN_BUILD,
		() => context.probe
	);
}

export const onnxRuntime: LocalRuntime = {
	id: ONNX_RUNTIME_ID,
	label: 'transformers.js · ONNX Runtime',
	shortName: 'ONNX Runtime',
	fileFormat: 'onnx',
	dtypes: ALL_DTYPES,
	dtypeChoices,
	runnableDtypes: (source) => dtypeChoices(source).map((c) => c.value),
	prepares: true,
	async createEngine(selection) {
		const [{ LocalEngine }, { ortWasmPaths }, { storedProbeLookup }, { availableBytes }] = await Promise.all([
			import('../../engine/local/local-engine'),
			import('../../engine/local/ort-files'),
			import('../../probe/cache'),
			import('../../models/storage')
		]);
		return new LocalEngine({
			model: selection.source,
			backend: selection.backend,
			dtype: selection.dtype,
			threads: selection.threads ?? undefined,
			wasmPaths: ortWasmPaths(),
			availableBytes,
			// Auto follows what the device probe stored for this model's shape here.
			measured: storedProbeLookup(selection.source, browserBackendEnvironment())
		});
	},
	async resolveAuto(selection, context) {
		let choice: BackendChoice;
		try {
			choice = await autoChoice(selection, context);
		} catch (error) {
			return { text: (error as Error).message, notices: [], measured: false };
		}
		const config = describeOnDevice({ device: choice.device, dtype: selection.dtype, threads: choice.threads });
		const best = choice.measured
			? chooseFastest(
					choice.measured.measurements.filter(
						(m) =>
							m.runtime === ONNX_RUNTIME_ID &&
							m.dtype === selection.dtype &&
							m.device === choice.device &&
							m.threads === choice.threads
					)
				)
			: null;
		const speed = best ? `: ${formatTokensPerS(best.estimatedTokensPerS)} (est.)` : '';
		return {
			text: `Auto runs ${config}${speed}${choice.measured ? ', measured on this device' : ', by rule (not measured yet)'}`,
			notices: choice.notices,
			measured: !!choice.measured
		};
	},
	async autoChanged(selection, loaded, context) {
		const now = await autoChoice(selection, context).catch(() => null);
		if (!now) return false;
		// The same configuration chosen by rule is loaded again too: a result must record the probe that chose what ran.
		const unmeasured = !!now.measured && !loaded.probe;
		return (
			unmeasured ||
			now.device !== loaded.backend ||
			now.threads !== loaded.threads ||
			selection.dtype !== loaded.model.dtype
		);
	},
	describeConfig: describeOnDevice,
	formatName: (dtype) => dtype,
	probe: {
		// Most likely fastest first, so the bound in canStillWin prunes the slow ones (probe/plan.ts).
		dtypes: ['q8', 'fp32', 'q4'],
		webgpuThreads: 'one',
		async subject(group, { createWorker }) {
			const [{ ortSubject }, { ortWasmPaths }] = await Promise.all([
				import('./probe-subject'),
				import('../../engine/local/ort-files')
			]);
			return ortSubject(group, ortWasmPaths(), createWorker);
		},
		async cleanUp(shape) {
			const { deleteProbeTwins } = await import('./probe-subject');
			await deleteProbeTwins(shape);
		}
	}
};
