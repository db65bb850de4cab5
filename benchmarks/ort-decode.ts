// One generated graph through ONNX Runtime's own API (no transformers.js): session creation, a prefill and
// greedy decode steps through the KV cache, timed around each `session.run`. Shared by the benchmarks that
// compare graph forms (q8-format.ts) and session options (session-options.ts) in one process.
import type * as ortNode from 'onnxruntime-node';
import type * as ortWeb from 'onnxruntime-web';
import type { ModelShape } from '../src/lib/models/synthetic/shapes';
import { summarize } from '../src/lib/bench/stats';
import { argmax } from '../src/lib/models/synthetic/reference-math';

export type Ort = typeof ortNode | typeof ortWeb;

export interface DecodeOptions {
	steps: number;
	promptLen: number;
	threads?: number;
	/** Merged over the defaults below (1 thread, optimisation level `all`). */
	sessionOptions?: Record<string, unknown>;
}

export interface DecodeTiming {
	loadMs: number;
	prefillMs: number;
	stepMs: number[];
	ids: number[];
}

export async function timeDecode(
	ort: Ort,
	bytes: Uint8Array,
	shape: ModelShape,
	options: DecodeOptions
): Promise<DecodeTiming> {
	const threads = options.threads ?? 1;
	const t0 = performance.now();
	const opts = {
		intraOpNumThreads: threads,
		interOpNumThreads: 1,
		graphOptimizationLevel: 'all' as const,
		...options.sessionOptions
	};
	const session = await (ort as typeof ortNode).InferenceSession.create(
		bytes,
		opts as ortNode.InferenceSession.SessionOptions
	);
	const loadMs = performance.now() - t0;
	const int64 = (v: number[]) => new ort.Tensor('int64', BigInt64Array.from(v.map(BigInt)), [1, v.length]);
	let past: Record<string, unknown> = {};
	for (let i = 0; i < shape.numLayers; i++)
		for (const kind of ['key', 'value'])
			past[`past_key_values.${i}.${kind}`] = new ort.Tensor('float32', new Float32Array(0), [
				1,
				shape.numKvHeads,
				0,
				shape.headDim
			]);
	let ids = Array.from({ length: options.promptLen }, (_, i) => (i * 7919 + 3) % shape.vocabSize);
	let total = 0;
	const out: number[] = [];
	const stepMs: number[] = [];
	let prefillMs = 0;
	for (let s = 0; s <= options.steps; s++) {
		const start = performance.now();
		const feeds = {
			input_ids: int64(ids),
			attention_mask: int64(Array(total + ids.length).fill(1)),
			position_ids: int64(ids.map((_, i) => total + i)),
			// Generator v4 graphs: logits for the last position only, as transformers.js asks while generating.
			num_logits_to_keep: new ort.Tensor('int64', BigInt64Array.of(1n), []),
			...past
		};
		const res = (await session.run(feeds as Record<string, ortNode.Tensor>)) as Record<string, ortNode.Tensor>;
		const ms = performance.now() - start;
		if (s === 0) prefillMs = ms;
		else stepMs.push(ms);
		total += ids.length;
		const logits = res.logits?.data as Float32Array | undefined;
		if (!logits) throw new Error('The session returned no `logits` output; is this a causal LM graph?');
		const best = argmax(logits.subarray(logits.length - shape.vocabSize));
		out.push(best);
		ids = [best];
		past = {};
		for (let i = 0; i < shape.numLayers; i++) {
			past[`past_key_values.${i}.key`] = res[`present.${i}.key`];
			past[`past_key_values.${i}.value`] = res[`present.${i}.value`];
		}
	}
	await session.release();
	return { loadMs, prefillMs, stepMs, ids: out };
}

export const median = (xs: number[]): number => summarize(xs)!.median;
