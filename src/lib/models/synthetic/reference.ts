// An independent reference forward pass of the Llama decoder in plain TypeScript (no ONNX), used to
// check the generated graphs. Everything is accumulated in float64.
//
// API
//   createKvCache(shape, batchSize)            an empty cache (past length 0)
//   forward(weights, { inputIds, attentionMask, positionIds, cache? }) -> { logits, cache }
//     inputIds      [batch][newLength]   token ids of the new positions only
//     attentionMask [batch][pastLength + newLength]   1 = real token, 0 = padding (past included)
//     positionIds   [batch][newLength]   usually positionIdsFromMask(attentionMask, newLength)
//     cache         the cache returned by the previous call (omit for a prefill); it is not modified
//     logits        [batch][newLength] -> Float64Array(vocab)
//     cache         a new cache holding past + new keys/values
//   positionIdsFromMask(mask, keepLast?)       cumsum(mask) - 1, padded slots get 1 (transformers.js)
//   greedy(weights, promptIds, maxNewTokens, { eosTokenId?, stopAtEos? }) -> generated ids
//   greedyBatch(weights, prompts, maxNewTokens, opts) -> generated ids per prompt, left-padded batch
//
// Semantics match an optimum-exported LlamaForCausalLM driven by transformers.js: RMSNorm, q/k/v
// projections, HF rotate_half RoPE (llama3 scaling when the shape has it), grouped-query attention
// with scores / sqrt(headDim) plus an additive mask (0 allowed, float32 lowest where the key is in the
// future or padded), o projection, residual, RMSNorm, SwiGLU MLP, residual, final norm, LM head
// (h @ lm_head, or h @ embed^T when tied). A query whose keys are all masked (a left-pad slot) gets a
// uniform softmax, as float32 graphs do; its output is meaningless and never reaches a real token.
import { FLOAT32_LOWEST, argmax, rmsNorm, silu, softmaxInPlace, vecMat, vecMatTransposed } from './reference-math';
import { applyRope, ropeInvFreq } from './rope';
import type { ModelShape } from './shapes';
import type { LayerWeights, LlamaWeights } from './weights';

export interface KvCache {
	batchSize: number;
	/** Past sequence length. */
	length: number;
	/** Per layer, [batch, kvHeads, length, headDim] row-major: the layout of `present.{i}.key`. */
	keys: Float64Array[];
	/** Per layer, same layout as keys: `present.{i}.value`. */
	values: Float64Array[];
}

export interface ForwardInput {
	inputIds: number[][];
	attentionMask: number[][];
	positionIds: number[][];
	cache?: KvCache;
}

export interface ForwardOutput {
	logits: Float64Array[][];
	cache: KvCache;
}

export class ReferenceInputError extends Error {
	override name = 'ReferenceInputError';
}

function createKvCache(shape: ModelShape, batchSize: number): KvCache {
	const empty = () => Array.from({ length: shape.numLayers }, () => new Float64Array(0));
	return { batchSize, length: 0, keys: empty(), values: empty() };
}

/**
 * Position ids for a (left-)padded mask, as transformers.js v4's `cumsum_masked_fill`:
 * a real token's position is the number of real tokens before it; a padded slot gets 1.
 * `keepLast` keeps only the last n columns (the new tokens of a decode step).
 */
export function positionIdsFromMask(mask: number[][], keepLast?: number): number[][] {
	return mask.map((row) => {
		let seen = 0;
		const ids = row.map((m) => (m === 0 ? 1 : seen++));
		return keepLast === undefined ? ids : ids.slice(ids.length - keepLast);
	});
}

/** Copies the past into a cache one step longer per `newLength`, leaving `past` untouched. */
function growCache(shape: ModelShape, past: KvCache, newLength: number): KvCache {
	const { numKvHeads, headDim } = shape;
	const total = past.length + newLength;
	const grow = (old: Float64Array) => {
		const next = new Float64Array(past.batchSize * numKvHeads * total * headDim);
		for (let bh = 0; bh < past.batchSize * numKvHeads; bh++) {
			const rows = old.subarray(bh * past.length * headDim, (bh + 1) * past.length * headDim);
			next.set(rows, bh * total * headDim);
		}
		return next;
	};
	return { batchSize: past.batchSize, length: total, keys: past.keys.map(grow), values: past.values.map(grow) };
}

function validate(shape: ModelShape, input: ForwardInput, past: KvCache): void {
	const { inputIds, attentionMask, positionIds } = input;
	const batch = inputIds.length;
	const newLength = inputIds[0]?.length ?? 0;
	const problem = (what: string) => new ReferenceInputError(`${what}; fix the forward() input.`);
	if (batch === 0 || newLength === 0) throw problem('inputIds must be a non-empty [batch][length] array');
	if (past.batchSize !== batch) throw problem(`cache holds batch ${past.batchSize}, inputIds ${batch}`);
	if (attentionMask.length !== batch || positionIds.length !== batch)
		throw problem('inputIds, attentionMask and positionIds must have the same batch size');
	for (let b = 0; b < batch; b++) {
		// b < batch, and all three arrays have `batch` rows (checked above).
		const [ids, positions, mask] = [inputIds[b]!, positionIds[b]!, attentionMask[b]!];
		if (ids.length !== newLength) throw problem('every inputIds row must have the same length');
		if (positions.length !== newLength) throw problem('positionIds rows must match inputIds rows');
		if (mask.length !== past.length + newLength)
			throw problem(`attentionMask rows must cover past + new tokens (${past.length + newLength})`);
		for (const id of ids)
			if (!Number.isInteger(id) || id < 0 || id >= shape.vocabSize)
				throw problem(`token id ${id} is outside the vocabulary (0..${shape.vocabSize - 1})`);
	}
}

/** Self-attention of one layer for every new token of one batch row; writes k/v into `cache`. */
function attention(
	shape: ModelShape,
	layer: LayerWeights,
	normed: Float64Array[],
	positions: number[],
	maskRow: number[],
	cache: KvCache,
	layerIndex: number,
	batchIndex: number,
	invFreq: Float64Array
): Float64Array[] {
	const { numHeads, numKvHeads, headDim, hiddenSize } = shape;
	const qDim = numHeads * headDim;
	const kvDim = numKvHeads * headDim;
	const total = cache.length;
	const past = total - normed.length;
	const keys = cache.keys[layerIndex];
	const values = cache.values[layerIndex];
	if (!keys || !values) throw new ReferenceInputError(`The cache has no layer ${layerIndex}; fix the forward() input.`);
	// Every index below is in range: validate() checked the input's lengths against the shape and the
	// cache, and growCache sized the cache for past + new tokens.
	const slot = (head: number, pos: number) => ((batchIndex * numKvHeads + head) * total + pos) * headDim;

	const queries = normed.map((x, t) => {
		const q = vecMat(x, layer.qProj, qDim);
		const k = vecMat(x, layer.kProj, kvDim);
		const v = vecMat(x, layer.vProj, kvDim);
		const position = positions[t]!;
		for (let h = 0; h < numHeads; h++) applyRope(q, h * headDim, position, invFreq);
		for (let h = 0; h < numKvHeads; h++) {
			applyRope(k, h * headDim, position, invFreq);
			keys.set(k.subarray(h * headDim, (h + 1) * headDim), slot(h, past + t));
			values.set(v.subarray(h * headDim, (h + 1) * headDim), slot(h, past + t));
		}
		return q;
	});

	const groupSize = numHeads / numKvHeads;
	const scale = 1 / Math.sqrt(headDim);
	return queries.map((q, t) => {
		const attended = new Float64Array(qDim);
		for (let h = 0; h < numHeads; h++) {
			const kvHead = Math.floor(h / groupSize);
			const scores = new Float64Array(total);
			for (let j = 0; j < total; j++) {
				const base = slot(kvHead, j);
				let dot = 0;
				for (let d = 0; d < headDim; d++) dot += q[h * headDim + d]! * keys[base + d]!;
				const allowed = j <= past + t && maskRow[j] !== 0;
				scores[j] = dot * scale + (allowed ? 0 : FLOAT32_LOWEST);
			}
			softmaxInPlace(scores);
			for (let j = 0; j < total; j++) {
				const base = slot(kvHead, j);
				const p = scores[j]!;
				for (let d = 0; d < headDim; d++) attended[h * headDim + d]! += p * values[base + d]!;
			}
		}
		return vecMat(attended, layer.oProj, hiddenSize);
	});
}

function mlp(shape: ModelShape, layer: LayerWeights, x: Float64Array): Float64Array {
	const gate = vecMat(x, layer.gateProj, shape.intermediateSize);
	const up = vecMat(x, layer.upProj, shape.intermediateSize);
	for (let i = 0; i < gate.length; i++) gate[i] = silu(gate[i]!) * up[i]!; // both intermediateSize long
	return vecMat(gate, layer.downProj, shape.hiddenSize);
}

export function forward(weights: LlamaWeights, input: ForwardInput): ForwardOutput {
	const { shape } = weights;
	const batch = input.inputIds.length;
	const past = input.cache ?? createKvCache(shape, batch);
	validate(shape, input, past);
	const newLength = input.inputIds[0]!.length; // validate() checked there is a first row
	const cache = growCache(shape, past, newLength);
	const invFreq = ropeInvFreq(shape);
	const { hiddenSize: h, rmsNormEps: eps, vocabSize } = shape;

	const logits = input.inputIds.map((ids, b) => {
		let hidden = ids.map((id) => Float64Array.from(weights.embedTokens.subarray(id * h, (id + 1) * h)));
		weights.layers.forEach((layer, l) => {
			const normed = hidden.map((x) => rmsNorm(x, layer.inputNorm, eps));
			const attended = attention(
				shape,
				layer,
				normed,
				input.positionIds[b]!, // validate(): one row per batch entry
				input.attentionMask[b]!,
				cache,
				l,
				b,
				invFreq
			);
			hidden = hidden.map((x, t) => {
				// attention() returns one hiddenSize vector per token, mlp() one hiddenSize vector.
				const residual = x.map((value, i) => value + attended[t]![i]!);
				const mlpOut = mlp(shape, layer, rmsNorm(residual, layer.postAttentionNorm, eps));
				return residual.map((value, i) => value + mlpOut[i]!);
			});
		});
		return hidden.map((x) => {
			const normed = rmsNorm(x, weights.finalNorm, eps);
			return weights.lmHead
				? vecMat(normed, weights.lmHead, vocabSize)
				: vecMatTransposed(normed, weights.embedTokens, vocabSize);
		});
	});
	return { logits, cache };
}

export interface GreedyOptions {
	/** Defaults to the shape's eosTokenId. */
	eosTokenId?: number;
	/** Stop a sequence after it emits EOS (the EOS id is included in its output). Default true. */
	stopAtEos?: boolean;
}

/** Greedy decoding of one prompt through the KV cache; returns the new token ids only. */
export function greedy(
	weights: LlamaWeights,
	promptIds: number[],
	maxNewTokens: number,
	options: GreedyOptions = {}
): number[] {
	return greedyBatch(weights, [promptIds], maxNewTokens, options)[0]!; // one prompt in, one row out
}

/**
 * Greedy decoding of several prompts as one left-padded batch, the way transformers.js batches them:
 * pads masked out, position ids from the mask, finished rows fed EOS (their output no longer grows).
 */
export function greedyBatch(
	weights: LlamaWeights,
	prompts: number[][],
	maxNewTokens: number,
	options: GreedyOptions = {}
): number[][] {
	const eos = options.eosTokenId ?? weights.shape.eosTokenId;
	const stopAtEos = options.stopAtEos ?? true;
	const width = Math.max(...prompts.map((p) => p.length));
	const mask = prompts.map((p) => [...Array<number>(width - p.length).fill(0), ...p.map(() => 1)]);
	let inputIds = prompts.map((p) => [...Array<number>(width - p.length).fill(eos), ...p]);
	let cache: KvCache | undefined;
	const generated: number[][] = prompts.map(() => []);
	const done = prompts.map(() => maxNewTokens <= 0);
	while (!done.every(Boolean)) {
		const out = forward(weights, {
			inputIds,
			attentionMask: mask,
			positionIds: positionIdsFromMask(mask, inputIds[0]?.length ?? 0),
			cache
		});
		cache = out.cache;
		inputIds = out.logits.map((rows, b) => {
			// forward() returns a row per new token (at least one) and a batch entry per prompt.
			const next = argmax(rows[rows.length - 1]!);
			const row = generated[b]!;
			if (!done[b]) {
				row.push(next);
				done[b] = row.length >= maxNewTokens || (stopAtEos && next === eos);
			}
			return [done[b] ? eos : next];
		});
		mask.forEach((row) => row.push(1));
	}
	return generated;
}
