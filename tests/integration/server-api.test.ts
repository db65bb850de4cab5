// The reference server over real HTTP on loopback: the same text streamed and not, the same greedy
// tokens as transformers.js run directly on the folder and as the plain-TypeScript reference forward
// pass, right usage counts, and its timings extension field.
import { AutoModelForCausalLM, AutoTokenizer, env } from '@huggingface/transformers';
import { basename, dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudEngine } from '../../src/lib/engine/cloud/cloud-engine';
import { buildInputs } from '../../src/lib/engine/local/prompt';
import { greedy } from '../../src/lib/models/synthetic/reference';
import { SHAPES } from '../../src/lib/models/synthetic/shapes';
import { materializeWeights } from '../../src/lib/models/synthetic/weights';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index';
import { postJson, TEST_MODEL_ID, testModelDir } from './cloud-test-model';

let server: ReferenceServer;
let modelDir: string;
const messages = [{ role: 'user', content: 'Tell me about the edge.' }];
const chat = (extra: Record<string, unknown> = {}) => ({
	model: TEST_MODEL_ID,
	messages,
	max_tokens: 16,
	temperature: 0,
	ignore_eos: true,
	...extra
});

beforeAll(async () => {
	modelDir = await testModelDir();
	server = await startReferenceServer({ modelDir, port: 0 });
});
afterAll(() => server?.close());

async function streamText(body: unknown, path = '/v1/chat/completions') {
	const res = await postJson(server.url + path, body);
	expect(res.status).toBe(200);
	expect(res.headers.get('content-type')).toContain('text/event-stream');
	const raw = await res.text();
	const events = raw
		.split('\n\n')
		.filter(Boolean)
		.map((e) => e.replace(/^data: /, ''));
	expect(events.at(-1)).toBe('[DONE]');
	const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
	const text = chunks.map((c) => c.choices[0]?.delta?.content ?? c.choices[0]?.text ?? '').join('');
	return { text, chunks };
}

describe('reference server API', () => {
	it('lists its model and reports health', async () => {
		expect(await (await fetch(server.url + '/v1/models')).json()).toMatchObject({
			object: 'list',
			data: [{ id: TEST_MODEL_ID, object: 'model' }]
		});
		expect(await (await fetch(server.url + '/health')).json()).toMatchObject({
			status: 'ok',
			model: TEST_MODEL_ID,
			queue: { running: 0, waiting: 0 }
		});
	});

	it('streaming and non-streaming give the same text, usage and timings fields', async () => {
		const plain = await (await postJson(server.url + '/v1/chat/completions', chat())).json();
		expect(plain.object).toBe('chat.completion');
		expect(plain.choices[0].finish_reason).toBe('length');
		expect(plain.usage.completion_tokens).toBe(16);
		expect(plain.edgewise_timings).toMatchObject({
			prompt_ms: expect.any(Number),
			decode_tokens_per_s: expect.any(Number)
		});
		const streamed = await streamText(chat({ stream: true, stream_options: { include_usage: true } }));
		expect(streamed.text).toBe(plain.choices[0].message.content);
		expect(streamed.text.length).toBeGreaterThan(0);
		const usageChunk = streamed.chunks.at(-1);
		expect(usageChunk.choices).toEqual([]);
		expect(usageChunk.usage).toEqual(plain.usage);
		expect(usageChunk.edgewise_timings.decode_tokens_per_s).toBeGreaterThan(0);
		// Without include_usage no usage chunk is sent, but the finish chunk still carries the timings.
		const bare = await streamText(chat({ stream: true }));
		expect(bare.chunks.some((c) => c.usage)).toBe(false);
		expect(bare.chunks.at(-1).edgewise_timings.prompt_ms).toBeGreaterThan(0);
	});

	it('greedy text equals transformers.js run directly on the same folder, and usage counts match its tokenizer', async () => {
		env.allowRemoteModels = false;
		env.localModelPath = dirname(modelDir) + '/';
		const tokenizer = await AutoTokenizer.from_pretrained(basename(modelDir));
		const model = await AutoModelForCausalLM.from_pretrained(basename(modelDir), { dtype: 'fp32', device: 'cpu' });
		const inputs = buildInputs(tokenizer, {
			mode: 'chat',
			messages: [{ role: 'user', content: messages[0]!.content }]
		});
		const out = (await model.generate({
			...inputs,
			generation_config: { max_new_tokens: 16, do_sample: false, eos_token_id: null } as never
		})) as { tolist(): bigint[][] };
		const promptLength = inputs.input_ids.dims.at(-1)!;
		const ids = (out.tolist()[0] ?? []).slice(promptLength).map(Number);
		await model.dispose();
		const plain = await (await postJson(server.url + '/v1/chat/completions', chat())).json();
		expect(plain.choices[0].message.content).toBe(tokenizer.decode(ids, { skip_special_tokens: true }));
		expect(plain.usage).toEqual({
			prompt_tokens: promptLength,
			completion_tokens: 16,
			total_tokens: promptLength + 16
		});

		// The independent float64 forward pass agrees on the same prompt ids.
		const promptIds = Array.from(inputs.input_ids.data as BigInt64Array, Number);
		expect(greedy(materializeWeights(SHAPES.tiny, 1), promptIds, 16, { stopAtEos: false })).toEqual(ids);
	});

	it('completion mode continues the prompt as is, streamed and not', async () => {
		const body = { model: TEST_MODEL_ID, prompt: 'Once upon a time', max_tokens: 12, temperature: 0, ignore_eos: true };
		const plain = await (await postJson(server.url + '/v1/completions', body)).json();
		expect(plain.object).toBe('text_completion');
		expect(plain.usage.completion_tokens).toBe(12);
		expect((await streamText({ ...body, stream: true }, '/v1/completions')).text).toBe(plain.choices[0].text);
	});

	it('min_tokens holds off EOS and stop strings cut the text', async () => {
		const free = await (await postJson(server.url + '/v1/chat/completions', chat({ max_tokens: 24 }))).json();
		const text: string = free.choices[0].message.content;
		const stop = text.slice(8, 10);
		const cut = await (
			await postJson(server.url + '/v1/chat/completions', chat({ max_tokens: 24, stop: [stop] }))
		).json();
		expect(cut.choices[0].message.content).toBe(text.slice(0, text.indexOf(stop)));
		expect(cut.choices[0].finish_reason).toBe('stop');
		const streamedCut = await streamText(chat({ max_tokens: 24, stop, stream: true }));
		expect(streamedCut.text).toBe(cut.choices[0].message.content);
		const min = await (
			await postJson(server.url + '/v1/chat/completions', chat({ ignore_eos: false, min_tokens: 10, max_tokens: 10 }))
		).json();
		expect(min.usage.completion_tokens).toBe(10);
	});

	it('CloudEngine against the server: same text, usage as token source, server timings carried', async () => {
		const engine = new CloudEngine({ baseUrl: server.url + '/v1', model: TEST_MODEL_ID });
		await engine.load();
		const result = await engine.generate({
			input: { mode: 'chat', messages: [{ role: 'user', content: messages[0]!.content }] },
			maxNewTokens: 16,
			temperature: 0,
			ignoreEos: true
		});
		const plain = await (await postJson(server.url + '/v1/chat/completions', chat())).json();
		expect(result.error).toBeUndefined();
		expect(result.text).toBe(plain.choices[0].message.content);
		expect(result.tokensSource).toBe('usage');
		expect(result.outputTokens).toBe(16);
		expect(result.inputTokens).toBe(plain.usage.prompt_tokens);
		expect(result.finishReason).toBe('length');
		expect(result.serverTimings?.decodeTokensPerS).toBeGreaterThan(0);
	});
});
