// The one transformers.js generate() call, shared by the browser worker and the reference server so that
// for one model and prompt both produce the same tokens: greedy at temperature 0, the same sampling
// settings otherwise, and a stop check run after every step. Free of Node and DOM APIs.
import { StoppingCriteria, type PreTrainedModel } from '@huggingface/transformers';
import type { ModelInputs } from './prompt';

export interface GenerationSettings {
	maxNewTokens: number;
	/** Forces at least this many tokens (warm-ups must run a decode step, not stop at an early EOS). */
	minNewTokens?: number;
	temperature: number;
	topP?: number;
	/** Keeps going past the end-of-sequence token (benchmarks that need a fixed length). */
	ignoreEos?: boolean;
}

/** Asks generate() to stop when `shouldStop` says so; checked after every step. */
class StopWhen extends StoppingCriteria {
	constructor(private readonly shouldStop: () => boolean) {
		super();
	}
	override _call(inputIds: number[][]): boolean[] {
		return new Array(inputIds.length).fill(this.shouldStop());
	}
}

export function generationConfig(settings: GenerationSettings): Record<string, unknown> {
	return {
		max_new_tokens: settings.maxNewTokens,
		do_sample: settings.temperature > 0,
		temperature: settings.temperature > 0 ? settings.temperature : 1,
		top_p: settings.topP ?? 1,
		...(settings.minNewTokens ? { min_new_tokens: settings.minNewTokens } : {}),
		...(settings.ignoreEos ? { eos_token_id: null } : {})
	};
}

/**
 * Runs one generation; tokens reach the caller through `streamer` (its put() is called per step).
 */
export async function runGeneration(
	model: PreTrainedModel,
	inputs: ModelInputs,
	streamer: object,
	settings: GenerationSettings,
	shouldStop: () => boolean
): Promise<void> {
	await model.generate({
		...inputs,
		streamer: streamer as never,
		stopping_criteria: new StopWhen(shouldStop) as never,
		generation_config: generationConfig(settings) as never
	});
}
