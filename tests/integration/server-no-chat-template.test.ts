// A model without a chat template on the reference server: chat requests get a clear OpenAI-style 400
// that says what to send instead, never a prompt the server made up; completions still work.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConnection } from '../../src/lib/engine/cloud/test-connection';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index';
import { postJson, testModelDir } from './cloud-test-model';

const MODEL_ID = 'no-chat-template';
let server: ReferenceServer;
let root: string;

beforeAll(async () => {
	root = await mkdtemp(join(tmpdir(), 'edgewise-no-template-'));
	const dir = join(root, MODEL_ID);
	await cp(await testModelDir(), dir, { recursive: true });
	const configPath = join(dir, 'tokenizer_config.json');
	const { chat_template: _template, ...config } = JSON.parse(await readFile(configPath, 'utf8'));
	await writeFile(configPath, JSON.stringify(config));
	server = await startReferenceServer({ modelDir: dir, port: 0 });
});
afterAll(async () => {
	await server?.close();
	await rm(root, { recursive: true, force: true });
});

describe('a model without a chat template', () => {
	it('answers a chat request with a 400 naming the problem and the endpoint to use', async () => {
		for (const stream of [false, true]) {
			const res = await postJson(`${server.url}/v1/chat/completions`, {
				model: MODEL_ID,
				messages: [{ role: 'user', content: 'Hi' }],
				max_tokens: 4,
				stream
			});
			expect(res.status).toBe(400);
			expect(await res.json()).toEqual({
				error: {
					message: `The model \`${MODEL_ID}\` has no chat template, so this server cannot format messages for it. Send the text as \`prompt\` to /v1/completions instead.`,
					type: 'invalid_request_error',
					param: 'messages',
					code: 'no_chat_template'
				}
			});
		}
	});

	it('still completes plain prompts', async () => {
		const res = await postJson(`${server.url}/v1/completions`, {
			model: MODEL_ID,
			prompt: 'Hi',
			max_tokens: 4,
			temperature: 0,
			ignore_eos: true
		});
		expect(res.status).toBe(200);
		expect((await res.json()).usage.completion_tokens).toBe(4);
	});

	it('passes Test connection: chat refused, plain completion streams with usage and timings', async () => {
		const report = await testConnection({ baseUrl: `${server.url}/v1`, model: MODEL_ID });
		expect(report).toMatchObject({
			ok: true,
			modes: { chat: false, completion: true },
			streams: true,
			reportsUsage: true,
			reportsTimings: true,
			modelListed: true
		});
		expect(report.error).toBeUndefined();
		expect(report.steps.map((s) => [s.request.split(' ')[1], s.ok])).toEqual([
			[`${server.url}/v1/models`, true],
			[`${server.url}/v1/chat/completions`, false],
			[`${server.url}/v1/completions`, true]
		]);
		expect(report.steps[1]?.outcome).toContain('no chat template');
	});
});
