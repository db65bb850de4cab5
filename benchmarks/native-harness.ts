// Native baselines: transformers.js in Node on onnxruntime-node, the figures browser numbers are divided
// by. Importable by other benchmarks: `measureNativeDecode` times one (model, dtype, threads) case and
// `ensureSyntheticModel` makes a synthetic model folder when it is missing.
//
// Definitions are the app's (src/lib/bench/metrics.ts): TTFT = generate() call -> first new token;
// decode tokens/s = (n - 1) / (last token - first token). Each case loads its own session (thread count
// is a session option), runs `warmups` untimed generations, then `runs` timed ones; medians via
// src/lib/bench/stats.ts. Generation is greedy with min_new_tokens = max_new_tokens, so every run
// decodes the same number of tokens even if the random model emits EOS.
import { AutoModelForCausalLM, AutoTokenizer, env } from '@huggingface/transformers';
import { makeModel } from '../src/cli/make-model';
import { computeRunMetrics } from '../src/lib/bench/metrics';
import { summarize, type Summary } from '../src/lib/bench/stats';
import type { Dtype } from '../src/lib/models/synthetic/quantize';
import { SHAPES, type ShapeName } from '../src/lib/models/synthetic/shapes';

export const DEFAULT_PROMPT =
	'Edgewise compares a small language model running on this device with the same model served from the cloud. Measure it.';

export interface NativeCase {
	/** Folder that holds model folders (transformers.js env.localModelPath). */
	modelRoot: string;
	modelId: string;
	dtype: Dtype;
	threads: number;
	runs: number;
	warmups: number;
	newTokens: number;
	prompt?: string;
}

export interface NativeCaseResult {
	modelId: string;
	dtype: Dtype;
	threads: number;
	inputTokens: number;
	newTokens: number;
	loadMs: number;
	ttftMs: Summary | null;
	decodeTokensPerS: Summary | null;
	/** Resident set size after the timed runs, bytes. */
	rssBytes: number;
}

export async function measureNativeDecode(c: NativeCase): Promise<NativeCaseResult> {
	env.allowRemoteModels = false;
	env.allowLocalModels = true;
	env.localModelPath = c.modelRoot.endsWith('/') ? c.modelRoot : `${c.modelRoot}/`;
	const loadStart = performance.now();
	const tokenizer = await AutoTokenizer.from_pretrained(c.modelId);
	const model = await AutoModelForCausalLM.from_pretrained(c.modelId, {
		dtype: c.dtype,
		device: 'cpu',
		session_options: { intraOpNumThreads: c.threads, interOpNumThreads: 1 }
	});
	const loadMs = performance.now() - loadStart;
	try {
		const inputs = tokenizer(c.prompt ?? DEFAULT_PROMPT);
		const inputTokens = (inputs.input_ids.dims as number[])[1] ?? 0; // dims are [batch, tokens]
		const once = async () => {
			const arrivalsMs: number[] = [];
			let promptSeen = false;
			// The streamer's first put() is the prompt; every later one is a new token.
			const streamer = {
				put: () => (promptSeen ? arrivalsMs.push(performance.now()) : (promptSeen = true)),
				end: () => {}
			};
			const requestMs = performance.now();
			await model.generate({
				...inputs,
				max_new_tokens: c.newTokens,
				min_new_tokens: c.newTokens,
				do_sample: false,
				streamer
				// The typings ask for a TextStreamer; generate() only calls put() and end().
			} as unknown as Parameters<typeof model.generate>[0]);
			return computeRunMetrics({
				text: '',
				requestMs,
				arrivalsMs,
				inputTokens,
				outputTokens: arrivalsMs.length,
				tokensSource: 'tokenizer',
				finishReason: 'length'
			});
		};
		for (let i = 0; i < c.warmups; i++) await once();
		const timed = [];
		for (let i = 0; i < c.runs; i++) timed.push(await once());
		return {
			modelId: c.modelId,
			dtype: c.dtype,
			threads: c.threads,
			inputTokens,
			newTokens: c.newTokens,
			loadMs,
			ttftMs: summarize(timed.map((m) => m.ttftMs)),
			decodeTokensPerS: summarize(timed.map((m) => m.decodeTokensPerS)),
			rssBytes: process.memoryUsage().rss
		};
	} finally {
		await model.dispose();
	}
}

/** Generates `<modelRoot>/<modelId>` (all three dtypes, seed 1) unless it is already complete. */
export async function ensureSyntheticModel(modelRoot: string, modelId: string, shape: ShapeName): Promise<void> {
	await makeModel({
		shape: SHAPES[shape],
		dtypes: ['fp32', 'q8', 'q4'],
		seed: 1,
		out: `${modelRoot}/${modelId}`,
		ifMissing: true
	});
}
