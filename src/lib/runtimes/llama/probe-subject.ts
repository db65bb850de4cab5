// The device probe's llama.cpp side: a LlamaCppEngine per configuration and depth, on a GGUF twin of the
// model's width that its worker generates in memory (the same seeded weights as the ONNX twins, never
// written to the model cache). The engine runs exactly as a slot's would, so the threads and backend it
// reports are the ones timed; a run that did not get the threads asked for is a finding, not a figure.
import { LlamaCppEngine } from '../../engine/llama/llama-engine';
import { llamaWasmUrl } from '../../engine/llama/llama-files';
import type { GgufQuant } from '../../models/synthetic/gguf';
import type { BackendEnvironment } from '../../engine/local/backend';
import { medianStepMs, PROBE_SEED, type ProbeDtype, type ProbeGroup } from '../../probe/plan';
import { PROBE_PROMPT, type ProbeSubject } from '../../probe/subject';

const QUANT_OF: Partial<Record<ProbeDtype, GgufQuant>> = { fp32: 'f32', q8: 'q8_0', q4: 'q4_0' };

export class ProbeThreadsError extends Error {
	override name = 'ProbeThreadsError';
	constructor(wanted: number, got: number) {
		super(
			`llama.cpp started ${got} thread${got === 1 ? '' : 's'} where ${wanted} were asked for (is the page cross-origin isolated?).`
		);
	}
}

export function llamaSubject(
	group: ProbeGroup,
	options: { environment?: BackendEnvironment; createWorker?: () => Worker; wasmUrl?: string }
): ProbeSubject {
	let engine: LlamaCppEngine | null = null;
	return {
		async load(twin, dtype, onStage) {
			const quant = QUANT_OF[dtype];
			if (!quant) throw new Error(`llama.cpp has no GGUF twin format for ${dtype}.`);
			await engine?.dispose();
			engine = new LlamaCppEngine({
				urls: [],
				twin: { shape: twin.shape, quant, seed: PROBE_SEED },
				model: { id: twin.id, synthetic: true },
				backend: group.device,
				threads: group.threads,
				wasmUrl: options.wasmUrl ?? llamaWasmUrl(),
				// Prompt plus the longest timed pass, with room to spare.
				contextTokens: 512,
				createWorker: options.createWorker,
				environment: options.environment
			});
			await engine.load((p) => p.status === 'stage' && onStage(p.message));
			const info = engine.describe();
			if (group.device === 'wasm' && info.threads !== group.threads)
				throw new ProbeThreadsError(group.threads, info.threads ?? 1);
			if (info.backend !== group.device)
				throw new Error(`llama.cpp ran on ${info.backend} where ${group.device} was asked for.`);
			// One token, as the ONNX worker's load warms up: the first decode pays for wasm tiering.
			await this.decode(1);
		},
		async decode(steps) {
			if (!engine) throw new Error('The probe decoded before loading.');
			const result = await engine.generate({
				input: { mode: 'completion', prompt: PROBE_PROMPT },
				maxNewTokens: steps + 1,
				temperature: 0,
				ignoreEos: true
			});
			if (result.error) throw Object.assign(new Error(result.error.message), { name: result.error.name });
			return medianStepMs(result.arrivalsMs);
		},
		async unload() {
			await engine?.unload();
		},
		abort() {
			engine?.terminate();
		},
		close() {
			void engine?.dispose();
			engine = null;
		}
	};
}
