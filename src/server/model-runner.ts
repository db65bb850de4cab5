// Runs one model folder through transformers.js on onnxruntime-node. Prompts are built exactly as the
// browser's LocalEngine builds them (same module), and greedy decoding uses the same generation config,
// so for one model and prompt both sides produce the same tokens.
import { basename, dirname, resolve } from 'node:path';
import {
	AutoModelForCausalLM,
	AutoTokenizer,
	env,
	type PreTrainedModel,
	type PreTrainedTokenizer
} from '@huggingface/transformers';
import { decodeTokensPerSOf } from '../lib/bench/metrics';
import { runGeneration, type GenerationSettings } from '../lib/engine/local/generation';
import { buildInputs, hasChatTemplate } from '../lib/engine/local/prompt';
import type { GenerateInput } from '../lib/engine/types';
import { nowMs } from '../lib/engine/types';
import { StopStringStreamer } from './stop-string-streamer';

export interface RunParams extends GenerationSettings {
	input: GenerateInput;
	stop: string[];
}

export interface RunOutcome {
	text: string;
	promptTokens: number;
	completionTokens: number;
	finishReason: 'stop' | 'length' | 'cancelled';
	/** Generation start -> first token (prefill + first step). */
	promptMs: number;
	/** (n - 1) / (t_last - t_first), the same definition the client uses. */
	decodeTokensPerS: number | null;
}

export interface ModelRunner {
	modelId: string;
	dtype: string;
	contextLength: number;
	/** Whether the tokenizer has a chat template; without one, chat requests are refused (see prompt.ts). */
	chatTemplate: boolean;
	/** How long the warm-up generation took before the runner was handed out (null: none was run). */
	warmupMs: number | null;
	countPromptTokens(input: GenerateInput): number;
	run(params: RunParams, signal: AbortSignal, onText: (piece: string, tMs: number) => void): Promise<RunOutcome>;
	dispose(): Promise<void>;
}

export async function loadModelRunner(
	modelDir: string,
	dtype = 'fp32',
	modelId = basename(resolve(modelDir))
): Promise<ModelRunner> {
	const dir = resolve(modelDir);
	// Local files only: this server never reaches the Hub.
	env.allowRemoteModels = false;
	env.allowLocalModels = true;
	env.localModelPath = dirname(dir) + '/';
	const folder = basename(dir);
	const tokenizer: PreTrainedTokenizer = await AutoTokenizer.from_pretrained(folder, { local_files_only: true });
	const model: PreTrainedModel = await AutoModelForCausalLM.from_pretrained(folder, {
		local_files_only: true,
		dtype: dtype as never,
		device: 'cpu'
	});
	const config = model.config as unknown as { max_position_embeddings?: number };
	const contextLength = config.max_position_embeddings ?? 2048;

	const runner: ModelRunner = {
		modelId,
		dtype,
		contextLength,
		chatTemplate: hasChatTemplate(tokenizer),
		warmupMs: null,
		countPromptTokens: (input) => buildInputs(tokenizer, input).input_ids.dims.at(-1) ?? 0,
		async run(params, signal, onText) {
			const inputs = buildInputs(tokenizer, params.input);
			const promptTokens = inputs.input_ids.dims.at(-1) ?? 0;
			const streamer = new StopStringStreamer(tokenizer, params.stop, onText, nowMs);
			const startMs = nowMs();
			// Stops when the client is gone or a stop string was produced.
			await runGeneration(model, inputs, streamer, params, () => signal.aborted || streamer.stopped);
			streamer.finish();
			const times = streamer.timesMs;
			const n = times.length;
			const firstMs = times[0];
			return {
				text: streamer.text,
				promptTokens,
				completionTokens: n,
				finishReason: signal.aborted
					? 'cancelled'
					: streamer.stopped
						? 'stop'
						: n >= params.maxNewTokens
							? 'length'
							: 'stop',
				promptMs: (firstMs ?? nowMs()) - startMs,
				decodeTokensPerS: decodeTokensPerSOf(times)
			};
		},
		dispose: async () => {
			await model.dispose();
		}
	};
	// Warm up before anyone can call: the first runs of an ONNX Runtime session allocate its buffers and
	// pick its kernels (tens of ms here, seconds on big models), and that cost would otherwise land on
	// the first request's TTFT. Two tokens cover both graph shapes: prefill and one decode step.
	const warmupStartMs = nowMs();
	await runner.run(
		{
			input: { mode: 'completion', prompt: 'Hello' },
			maxNewTokens: 2,
			minNewTokens: 2,
			temperature: 0,
			ignoreEos: true,
			stop: []
		},
		new AbortController().signal,
		() => undefined
	);
	runner.warmupMs = nowMs() - warmupStartMs;
	return runner;
}
