// `npm run cloud` as a person runs it: starts on a folder, prints its URL, logs requests without prompts
// or keys, stops cleanly on SIGTERM; a Hub id with no local folder says the server cannot download.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseCloudArgs } from '../../src/cli/cloud-args';
import { postJson, TEST_MODEL_ID, testModelDir } from './cloud-test-model';

const TSX = 'node_modules/.bin/tsx';

function runCli(args: string[]) {
	const child = spawn(TSX, ['src/cli/cloud.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout.on('data', (d) => (output += d));
	child.stderr.on('data', (d) => (output += d));
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	return { child, output: () => output, exited };
}

describe('npm run cloud', () => {
	it('serves a model folder, never logs the prompt or the key, and exits 0 on SIGTERM', async () => {
		const key = 'ew-cli-key-93c1';
		const cli = runCli(['--model', await testModelDir(), '--port', '0', '--api-key', key]);
		let url = '';
		for (let i = 0; i < 600 && !url; i++) {
			url = /reference server: (http:\/\/127\.0\.0\.1:\d+)\/v1/.exec(cli.output())?.[1] ?? '';
			await new Promise((r) => setTimeout(r, 50));
		}
		expect(url, cli.output()).not.toBe('');
		const secretPrompt = 'my-private-prompt-7f3e';
		const res = await postJson(
			`${url}/v1/chat/completions`,
			{ model: TEST_MODEL_ID, messages: [{ role: 'user', content: secretPrompt }], max_tokens: 2, temperature: 0 },
			{ authorization: `Bearer ${key}` }
		);
		expect(res.status).toBe(200);
		await res.text();
		cli.child.kill('SIGTERM');
		expect(await cli.exited).toBe(0);
		expect(cli.output()).toContain('/v1/chat/completions');
		expect(cli.output()).not.toContain(secretPrompt);
		expect(cli.output()).not.toContain(key);
	});

	it('a Hub id without a local folder exits 2 and says the server does not download', async () => {
		const cli = runCli(['--model', 'HuggingFaceTB/SmolLM2-135M-Instruct', '--models-dir', '/nonexistent-models']);
		expect(await cli.exited).toBe(2);
		expect(cli.output()).toMatch(/does not download from the Hugging Face Hub/);
		expect(cli.output()).toContain('/nonexistent-models/HuggingFaceTB/SmolLM2-135M-Instruct');
	});

	it('parses flags, reads the key from EDGEWISE_API_KEY, and rejects bad numbers', () => {
		expect(
			parseCloudArgs(['--port', '4411', '--cors-origin', 'https://a.example'], { EDGEWISE_API_KEY: 'k' })
		).toMatchObject({
			port: 4411,
			apiKey: 'k',
			host: '127.0.0.1',
			corsOrigins: ['http://127.0.0.1:4173', 'http://localhost:4173', 'https://a.example']
		});
		expect(() => parseCloudArgs(['--max-queue', '-1'])).toThrow(/--max-queue/);
		expect(() => parseCloudArgs(['--dtype', 'fp16'])).toThrow(/--dtype/);
	});
});
