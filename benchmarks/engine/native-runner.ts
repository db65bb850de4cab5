// The native baseline: transformers.js in Node on onnxruntime-node (CPU), same model files, same greedy
// settings and the same per-token timestamps as the raw page. intraOpNumThreads sets the thread count.
import {
	AutoModelForCausalLM,
	AutoTokenizer,
	env,
	type PreTrainedModel,
	type PreTrainedTokenizer
} from '@huggingface/transformers';
import { generationConfig } from '../../src/lib/engine/local/generation';
import type { EngineRun, LoadOutcome } from './types';

class TimingStreamer {
	ids: number[] = [];
	timesMs: number[] = [];
	#promptSeen = false;
	put(value: bigint[][]): void {
		const t = performance.timeOrigin + performance.now();
		if (!this.#promptSeen) {
			this.#promptSeen = true;
			return;
		}
		this.ids.push(Number(value[0]?.[0]));
		this.timesMs.push(t);
	}
	end(): void {}
}

export class NativeRunner {
	#model: PreTrainedModel | null = null;
	#tokenizer: PreTrainedTokenizer | null = null;
	#runCallsMs: number[] = [];

	constructor(private readonly modelsDir: string) {}

	async load(modelId: string, dtype: string, threads: number): Promise<LoadOutcome> {
		await this.dispose();
		const t0 = performance.now();
		env.localModelPath = this.modelsDir.endsWith('/') ? this.modelsDir : `${this.modelsDir}/`;
		env.allowLocalModels = true;
		env.allowRemoteModels = false;
		this.#tokenizer = await AutoTokenizer.from_pretrained(modelId);
		this.#model = await AutoModelForCausalLM.from_pretrained(modelId, {
			dtype: dtype as never,
			device: 'cpu',
			session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 }
		});
		const loadMs = performance.now() - t0;
		for (const session of Object.values(this.#model.sessions ?? {}) as {
			run: (...a: unknown[]) => Promise<unknown>;
		}[]) {
			const run = session.run.bind(session);
			session.run = async (...args: unknown[]) => {
				const s = performance.now();
				try {
					return await run(...args);
				} finally {
					this.#runCallsMs.push(performance.now() - s);
				}
			};
		}
		return { loadMs, threads, build: `onnxruntime-node` };
	}

	async generate(prompt: string, maxNewTokens: number): Promise<EngineRun> {
		if (!this.#model || !this.#tokenizer) throw new Error('NativeRunner: load a model first.');
		const inputs = this.#tokenizer(prompt, { add_special_tokens: true });
		const streamer = new TimingStreamer();
		this.#runCallsMs = [];
		const requestMs = performance.timeOrigin + performance.now();
		await this.#model.generate({
			...inputs,
			streamer: streamer as never,
			// The app's own settings (greedy, past EOS), so token ids compare with the browser runs.
			generation_config: generationConfig({ maxNewTokens, temperature: 0, ignoreEos: true }) as never
		});
		return {
			requestMs,
			timesMs: streamer.timesMs,
			tokenIds: streamer.ids,
			inputTokens: inputs.input_ids.dims.at(-1) ?? 0,
			sessionRunCallsMs: this.#runCallsMs
		};
	}

	async dispose(): Promise<void> {
		await this.#model?.dispose();
		this.#model = null;
	}
}
