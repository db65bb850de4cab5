// The llama2.c converter on the real stories260K checkpoint (assets/stories260K/, PROVENANCE.md there):
// the converted ONNX graph against the independent reference forward pass fed the same weights,
// transformers.js and llama.cpp (node-llama-cpp) against the text llama2.c itself prints, and the
// tokenizer against the ids llama2.c gives.
//
// Known behaviour (llama2.c's doc/stories260K.md): greedy from BOS + "Once upon a time" continues with
// KNOWN_CONTINUATION over 40 new tokens; the prompt is 403, 407, 261, 378 after BOS = 1.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import {
	AutoTokenizer,
	env,
	pipeline,
	type PreTrainedTokenizer,
	type TextGenerationPipeline
} from '@huggingface/transformers';
import { getLlama, LlamaLogLevel, type Llama, type Token } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertModel } from '../../src/cli/make-model';
import { at, must } from '../../src/lib/bench/testing/must';
import { readLlama2cCheckpoint, type Llama2cModel } from '../../src/lib/models/llama2c/checkpoint';
import { GGUF_FILE_NAMES, GGUF_QUANTS, type GgufQuant } from '../../src/lib/models/synthetic/gguf';
import { dequantizeWeights, DTYPES, type Dtype } from '../../src/lib/models/synthetic/quantize';
import { greedy } from '../../src/lib/models/synthetic/reference';
import { decodeAgainstReference, GraphRunner, type Runtime } from './synthetic-harness';

const CHECKPOINT = 'assets/stories260K/stories260K.bin';
const TOKENIZER = 'assets/stories260K/tok512.bin';
const ID = 'stories260k';
const PROMPT = 'Once upon a time';
const PROMPT_IDS = [1, 403, 407, 261, 378];
const KNOWN_CONTINUATION =
	', there was a little girl named Lily. She loved to play outside in the park. One day, she saw a big, red ball.';
const NEW_TOKENS = 40;
/** Where q4 (4-bit weights, 32 per block) first departs from the known text on this model. */
const Q4_SHARED_PREFIX = ', there was a little girl named Lily. She loved to play';

let root: string;
let model: Llama2cModel;
let tokenizer: PreTrainedTokenizer;

beforeAll(async () => {
	root = await mkdtemp(join(tmpdir(), 'edgewise-llama2c-'));
	await convertModel({
		checkpoint: CHECKPOINT,
		tokenizer: TOKENIZER,
		dtypes: [...DTYPES],
		ggufQuants: [...GGUF_QUANTS],
		out: join(root, ID)
	});
	model = readLlama2cCheckpoint(await readFile(CHECKPOINT), ID);
	env.allowRemoteModels = false;
	env.allowLocalModels = true;
	env.localModelPath = `${root}/`;
	tokenizer = await AutoTokenizer.from_pretrained(ID);
});

afterAll(async () => {
	if (root) await rm(root, { recursive: true, force: true });
});

describe('the converted folder', () => {
	it('says it has no chat template, and is not synthetic', async () => {
		const config = JSON.parse(await readFile(join(root, ID, 'config.json'), 'utf8'));
		const tokenizerConfig = JSON.parse(await readFile(join(root, ID, 'tokenizer_config.json'), 'utf8'));
		expect(config.edgewise_synthetic).toBeUndefined();
		expect(config.edgewise_converted).toMatchObject({
			checkpoint_sha256: 'b0a507e7ad0f626624f17112325e66691f9076d622e1d3274d103d00299f2696',
			tokenizer_sha256: '037cb335abb25d1fa9e8ecae30ed2a3a8ace9302862ebcdc05d51a6bbb10c312'
		});
		expect(config).toMatchObject({ hidden_size: 64, num_hidden_layers: 5, vocab_size: 512, tie_word_embeddings: true });
		expect(tokenizerConfig.chat_template).toBeUndefined();
		expect(tokenizer.chat_template ?? null).toBeNull();
	});
});

describe('tokenizer.json (transformers.js, @huggingface/tokenizers)', () => {
	it('encodes the prompt as llama2.c does, BOS added by the post-processor', () => {
		expect(tokenizer.encode(PROMPT)).toEqual(PROMPT_IDS);
		expect(tokenizer.encode(PROMPT, { add_special_tokens: false })).toEqual(PROMPT_IDS.slice(1));
	});

	it.each([
		PROMPT + KNOWN_CONTINUATION,
		'two  spaces, tabs\tand\nnew lines\n\n',
		'Zoë says “héllo” — 你好 🙂 ~|[]',
		'x'
	])('round-trips %j', (text) => {
		const ids = tokenizer.encode(text);
		expect(ids[0]).toBe(1);
		expect(tokenizer.decode(ids, { skip_special_tokens: true })).toBe(text);
	});

	it('falls back to byte tokens (ids 3-258) for characters outside the vocabulary', () => {
		const ids = tokenizer.encode('你', { add_special_tokens: false });
		// "▁" then the three UTF-8 bytes of 你 (E4 BD A0) as <0xE4> <0xBD> <0xA0> = byte + 3.
		expect(ids.slice(-3)).toEqual([0xe4 + 3, 0xbd + 3, 0xa0 + 3]);
	});
});

describe('reference forward pass (float64) on the converted weights', () => {
	it('greedy from the prompt gives the known text', () => {
		const ids = greedy(model.weights, PROMPT_IDS, NEW_TOKENS);
		expect(ids).toHaveLength(NEW_TOKENS);
		expect(tokenizer.decode(ids, { skip_special_tokens: true })).toBe(KNOWN_CONTINUATION);
	});
});

describe('ONNX fp32 graph (onnxruntime-node) against the reference', () => {
	it('logits agree within 1e-4 of the largest logit at every step, and the greedy ids are equal', async () => {
		const runtime: Runtime = { name: 'onnxruntime-node', ort, open: (b) => ort.InferenceSession.create(b) };
		const session = await runtime.open(await readFile(join(root, ID, 'onnx/model.onnx')));
		try {
			const runner = new GraphRunner(runtime, session, model.shape);
			const { errors, tokens } = await decodeAgainstReference(runner, model.weights, PROMPT_IDS, NEW_TOKENS - 1);
			expect(Math.max(...errors)).toBeLessThan(1e-4);
			expect(tokens).toEqual(greedy(model.weights, PROMPT_IDS, NEW_TOKENS));
		} finally {
			await session.release();
		}
	});
});

describe('transformers.js (onnxruntime-node), greedy', () => {
	const generate = async (dtype: Dtype) => {
		const generator = (await pipeline('text-generation', ID, { dtype, device: 'cpu' })) as TextGenerationPipeline;
		try {
			const out = (await generator(PROMPT, {
				max_new_tokens: NEW_TOKENS,
				do_sample: false,
				return_full_text: false
			})) as { generated_text: string }[];
			return must(out[0], 'one generation').generated_text;
		} finally {
			await generator.dispose();
		}
	};

	it('fp32 prints the known text', async () => {
		expect(await generate('fp32')).toBe(KNOWN_CONTINUATION);
	});

	it('q8 (dynamic 8-bit) prints the known text too', async () => {
		expect(await generate('q8')).toBe(KNOWN_CONTINUATION);
	});

	it('q4 follows the reference on its own 4-bit weights, and shares the known text up to where it departs', async () => {
		const text = await generate('q4');
		const q4Ids = greedy(dequantizeWeights(model.weights, 'q4'), PROMPT_IDS, NEW_TOKENS);
		expect(text).toBe(tokenizer.decode(q4Ids, { skip_special_tokens: true }));
		expect(text.startsWith(Q4_SHARED_PREFIX)).toBe(true);
		expect(text).not.toBe(KNOWN_CONTINUATION);
	});
});

describe('GGUF in llama.cpp (node-llama-cpp)', () => {
	let llama: Llama;
	beforeAll(async () => {
		llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error });
	});
	afterAll(async () => {
		await llama?.dispose();
	});

	const run = async (quant: GgufQuant) => {
		const gguf = await llama.loadModel({ modelPath: join(root, ID, GGUF_FILE_NAMES[quant]) });
		// llama.cpp's defaults (F16 KV cache), as wllama runs the file in the browser.
		const context = await gguf.createContext({ contextSize: 128, threads: 1 });
		try {
			const promptIds = gguf.tokenize(PROMPT);
			const ids: number[] = [];
			for await (const token of context.getSequence().evaluate([gguf.tokens.bos!, ...promptIds] as Token[], {
				temperature: 0
			})) {
				ids.push(token);
				if (ids.length >= NEW_TOKENS) break;
			}
			return { promptIds, bos: gguf.tokens.bos, ids, text: gguf.detokenize(ids as Token[]) };
		} finally {
			await context.dispose();
			await gguf.dispose();
		}
	};

	it.each(['f32', 'q8_0'] as const)(
		'%s: the same prompt ids, and the known text with the ONNX fp32 ids',
		async (quant) => {
			const out = await run(quant);
			expect([out.bos, ...out.promptIds]).toEqual(PROMPT_IDS);
			expect(out.text).toBe(KNOWN_CONTINUATION);
			expect(out.ids).toEqual(greedy(model.weights, PROMPT_IDS, NEW_TOKENS));
		}
	);

	it('q4_0: shares the known text up to where 4-bit weights depart from it', async () => {
		const out = await run('q4_0');
		expect(out.ids).toHaveLength(NEW_TOKENS);
		expect(out.text.startsWith(Q4_SHARED_PREFIX)).toBe(true);
		expect(at(out.ids, 0)).toBe(at(greedy(model.weights, PROMPT_IDS, 1), 0));
	});
});
