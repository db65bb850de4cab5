// The engines a local slot can hold, one per runtime: transformers.js on ONNX Runtime web (LocalEngine) or
// llama.cpp compiled to wasm (LlamaCppEngine). llama.cpp's code is loaded only when a slot picks it, so the
// app's first paint does not pay for a runtime nobody chose.
import type { InferenceEngine } from '../engine/types';
import { LocalEngine } from '../engine/local/local-engine';
import { ortWasmPaths } from '../engine/local/ort-files';
import { browserBackendEnvironment, type BackendPreference } from '../engine/local/backend';
import { storedProbeLookup } from '../probe/cache';
import { llamaAutoChoice } from '../probe/auto-choice';
import type { WorkerPrepareResult } from '../engine/local/protocol';
import { availableBytes } from '../models/storage';
import type { ModelSource } from '../models/sources';
import type { LocalRuntime } from './stored-settings';

export interface LocalSelection {
	source: ModelSource;
	runtime: LocalRuntime;
	backend: BackendPreference;
	dtype: string;
	/** null: let the engine choose (min(cores, 4) when cross-origin isolated). */
	threads: number | null;
}

/** What a local slot needs of its engine beyond InferenceEngine. */
export interface DeviceEngine extends InferenceEngine {
	/** Whether the model has a chat template; null until loaded. */
	readonly hasChatTemplate: boolean | null;
	/** Starts the worker and runtime ahead of a load (ONNX Runtime only). */
	prepare?(): Promise<WorkerPrepareResult | null>;
	/** What the engine's worker holds: live sessions (ONNX Runtime) or models (llama.cpp), and loads. */
	stats(): Promise<Record<string, number>>;
}

export const RUNTIME_LABELS: Record<LocalRuntime, string> = {
	'onnxruntime-web': 'transformers.js · ONNX Runtime',
	'llama.cpp': 'llama.cpp (GGUF)'
};

export function createOrtEngine(selection: LocalSelection): LocalEngine {
	return new LocalEngine({
		model: selection.source,
		backend: selection.backend,
		dtype: selection.dtype,
		threads: selection.threads ?? undefined,
		wasmPaths: ortWasmPaths(),
		availableBytes,
		measured: storedProbeLookup(selection.source, browserBackendEnvironment())
	});
}

export async function createDeviceEngine(selection: LocalSelection): Promise<DeviceEngine> {
	if (selection.runtime === 'onnxruntime-web') return createOrtEngine(selection);
	const [{ LlamaCppEngine }, { llamaWasmUrl }, { ggufFilesFor }] = await Promise.all([
		import('../engine/llama/llama-engine'),
		import('../engine/llama/llama-files'),
		import('../models/gguf-files')
	]);
	const files = ggufFilesFor(selection.source, selection.dtype);
	const measured = storedProbeLookup(selection.source, browserBackendEnvironment());
	return new LlamaCppEngine({
		urls: files.urls,
		model: files.model,
		backend: selection.backend,
		threads: selection.threads ?? undefined,
		// Auto follows the device probe's llama.cpp rows for this shape, as ONNX Runtime's Auto follows its own.
		autoChoice: (adapter) => llamaAutoChoice(measured(adapter ?? null), selection.dtype, adapter),
		wasmUrl: llamaWasmUrl(),
		availableBytes
	});
}
