// Every broken endpoint the issue names, scripted over real HTTP on loopback, must end in its own
// error class with a message a person can act on.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudEngine, type CloudEngineConfig } from '../../src/lib/engine/cloud/cloud-engine';
import type { GenerateRequest, GenerationResult } from '../../src/lib/engine/types';
import {
	chatChunk,
	finalChunks,
	sleep,
	sseHead,
	startScripted,
	type Script,
	type ScriptedServer
} from './cloud-scripted-server';

const request: GenerateRequest = {
	input: { mode: 'chat', messages: [{ role: 'user', content: 'hi' }] },
	maxNewTokens: 8,
	temperature: 0
};
let server: ScriptedServer | null = null;
afterEach(async () => {
	await server?.close();
	server = null;
});

async function run(script: Script, config: Partial<CloudEngineConfig> = {}): Promise<GenerationResult> {
	server = await startScripted(script);
	return new CloudEngine({ baseUrl: server.baseUrl, model: 'tiny', ...config }).generate(request);
}

const json =
	(status: number, body: unknown, headers: Record<string, string> = {}): Script =>
	(_req, res) => {
		res.writeHead(status, { 'content-type': 'application/json', ...headers });
		res.end(JSON.stringify(body));
	};

describe('CloudEngine errors', () => {
	it('an HTML page instead of JSON says the base URL likely misses /v1', async () => {
		const result = await run((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/html' });
			res.end('<!doctype html><html><body>Welcome</body></html>');
		});
		expect(result.finishReason).toBe('error');
		expect(result.error?.name).toBe('CloudNotJsonError');
		expect(result.error?.message).toMatch(/\/v1/);
	});

	it('an HTML 404 page also names the base URL', async () => {
		const result = await run((_req, res) => {
			res.writeHead(404, { 'content-type': 'text/html' });
			res.end('<html>Not Found</html>');
		});
		expect(result.error?.name).toBe('CloudNotJsonError');
	});

	it('a stream without [DONE] keeps the partial text and says it was cut', async () => {
		const result = await run((_req, res) => {
			sseHead(res);
			res.end(chatChunk('par') + chatChunk('tial'));
		});
		expect(result.error?.name).toBe('CloudStreamTruncatedError');
		expect(result.text).toBe('partial');
		expect(result.arrivalsMs).toHaveLength(2);
	});

	it('an error object mid-stream carries the server message', async () => {
		const result = await run((_req, res) => {
			sseHead(res);
			res.end(
				chatChunk('a') +
					`data: ${JSON.stringify({ error: { message: 'CUDA out of memory', type: 'server_error' } })}\n\n`
			);
		});
		expect(result.error?.name).toBe('CloudStreamError');
		expect(result.error?.message).toContain('CUDA out of memory');
		expect(result.text).toBe('a');
	});

	it('an endpoint that ignores stream:true is named, since TTFT cannot be measured', async () => {
		const result = await run(
			json(200, { choices: [{ index: 0, message: { role: 'assistant', content: 'whole' }, finish_reason: 'stop' }] })
		);
		expect(result.error?.name).toBe('CloudNotStreamingError');
		expect(result.error?.message).toMatch(/stream/);
	});

	it('401 asks for the key; 403 speaks of permissions', async () => {
		const r401 = await run(
			json(401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } })
		);
		expect(r401.error?.name).toBe('CloudAuthError');
		expect(r401.error?.message).toMatch(/API key/);
		expect(r401.error?.message).toContain('Incorrect API key provided');
		await server?.close();
		const r403 = await run(json(403, { error: { message: 'no access' } }));
		expect(r403.error?.name).toBe('CloudAuthError');
		expect(r403.error?.message).toMatch(/403.*permissions/);
	});

	it('404 for an unknown model lists what /v1/models offers', async () => {
		const result = await run((req, res) => {
			if (req.url === '/v1/models')
				return json(200, { object: 'list', data: [{ id: 'llama-3-8b' }, { id: 'qwen-2.5-0.5b' }] })(req, res);
			json(404, { error: { message: 'The model `tiny` does not exist', code: 'model_not_found' } })(req, res);
		});
		expect(result.error?.name).toBe('CloudModelNotFoundError');
		expect(result.error?.message).toContain('"tiny"');
		expect(result.error?.message).toContain('llama-3-8b, qwen-2.5-0.5b');
	});

	it('429 shows Retry-After', async () => {
		const result = await run(json(429, { error: { message: 'queue full' } }, { 'retry-after': '7' }));
		expect(result.error?.name).toBe('CloudRateLimitError');
		expect(result.error?.message).toContain('retry after 7 s');
	});

	it('5xx is a server error', async () => {
		const result = await run(json(503, { error: { message: 'overloaded' } }));
		expect(result.error?.name).toBe('CloudServerError');
		expect(result.error?.message).toContain('503');
	});

	it('connection refused explains CORS and how to allow the origin on each server', async () => {
		const probe = createServer();
		await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
		const { port } = probe.address() as AddressInfo;
		await new Promise((r) => probe.close(r));
		const result = await new CloudEngine({ baseUrl: `http://127.0.0.1:${port}/v1`, model: 'tiny' }).generate(request);
		expect(result.error?.name).toBe('CloudNetworkError');
		for (const hint of ['CORS', 'OLLAMA_ORIGINS', '--allowed-origins', 'llama-server', '--cors-origin'])
			expect(result.error?.message).toContain(hint);
	});

	it('a server that never sends its first token times out with that phase named', async () => {
		const result = await run((_req, res) => sseHead(res), { firstTokenTimeoutMs: 300 });
		expect(result.error?.name).toBe('CloudTimeoutError');
		expect(result.error?.message).toMatch(/first token/);
	});

	it('a stream that goes silent times out as idle and keeps its text', async () => {
		const result = await run(
			(_req, res) => {
				sseHead(res);
				res.write(chatChunk('one'));
			},
			{ idleTimeoutMs: 300 }
		);
		expect(result.error?.name).toBe('CloudTimeoutError');
		expect(result.error?.message).toMatch(/next part/);
		expect(result.text).toBe('one');
	});

	it('cancel() resolves as cancelled and closes the connection', async () => {
		server = await startScripted(async (_req, res) => {
			sseHead(res);
			for (let i = 0; i < 200 && !res.destroyed; i++) {
				res.write(chatChunk(`t${i} `));
				await sleep(20);
			}
			res.end(finalChunks(1, 200));
		});
		const engine = new CloudEngine({ baseUrl: server.baseUrl, model: 'tiny' });
		const result = await engine.generate(request, { onToken: (e) => e.index === 2 && engine.cancel() });
		expect(result.finishReason).toBe('cancelled');
		expect(result.error).toBeUndefined();
		expect(result.arrivalsMs.length).toBeGreaterThanOrEqual(3);
		await server.closed[0];
	});

	it('an aborted signal cancels too', async () => {
		const controller = new AbortController();
		server = await startScripted(async (_req, res) => {
			sseHead(res);
			res.write(chatChunk('x'));
		});
		const engine = new CloudEngine({ baseUrl: server.baseUrl, model: 'tiny' });
		const result = await engine.generate(request, { signal: controller.signal, onToken: () => controller.abort() });
		expect(result.finishReason).toBe('cancelled');
	});

	it('without usage, tokens are counted from content chunks', async () => {
		const result = await run((_req, res) => {
			sseHead(res);
			res.end(chatChunk('a') + chatChunk('') + chatChunk('b') + 'data: [DONE]\n\n');
		});
		expect(result.error).toBeUndefined();
		expect(result.tokensSource).toBe('chunks');
		expect(result.outputTokens).toBe(2);
		expect(result.inputTokens).toBeNull();
	});

	it('a server that rejects stream_options is asked again without it', async () => {
		const result = await run((req, res) => {
			if (JSON.parse(req.body).stream_options)
				return json(400, { error: { message: 'Unrecognized request argument supplied: stream_options' } })(req, res);
			sseHead(res);
			res.end(chatChunk('ok') + 'data: [DONE]\n\n');
		});
		expect(result.error).toBeUndefined();
		expect(result.text).toBe('ok');
		expect(result.tokensSource).toBe('chunks');
		expect(server?.requests).toHaveLength(2);
	});

	it('other 400s are not retried', async () => {
		const result = await run(json(400, { error: { message: 'max_tokens is too large' } }));
		expect(result.error?.name).toBe('CloudRequestError');
		expect(result.error?.message).toContain('max_tokens is too large');
		expect(server?.requests).toHaveLength(1);
	});

	it('load() rejects a model the endpoint does not list, and accepts servers without /models', async () => {
		server = await startScripted(json(200, { data: [{ id: 'other' }] }));
		await expect(new CloudEngine({ baseUrl: server.baseUrl, model: 'tiny' }).load()).rejects.toThrow(/lists: other/);
		await server.close();
		server = await startScripted(json(404, { error: { message: 'not found' } }));
		await expect(new CloudEngine({ baseUrl: server.baseUrl, model: 'tiny' }).load()).resolves.toMatchObject({
			loadKind: 'warm'
		});
	});
});
