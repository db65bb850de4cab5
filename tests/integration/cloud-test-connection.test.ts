// "Test connection" over real HTTP against endpoints that answer badly: it must make a handful of
// requests whatever they answer, name the request that failed, and find the /v1 a base URL lacks.
import { afterEach, describe, expect, it } from 'vitest';
import { CloudEngine } from '../../src/lib/engine/cloud/cloud-engine';
import { testConnection } from '../../src/lib/engine/cloud/test-connection';
import {
	chatChunk,
	finalChunks,
	sseHead,
	startScripted,
	type Script,
	type ScriptedServer
} from './cloud-scripted-server';

let server: ScriptedServer | null = null;
afterEach(async () => {
	await server?.close();
	server = null;
});

const notFoundModel: Script = (_req, res) => {
	res.writeHead(404, { 'content-type': 'application/json' });
	res.end(JSON.stringify({ error: { message: 'model not found', code: 'model_not_found' } }));
};

/** The scripted server's root, without the /v1 the helper adds. */
const root = (s: ScriptedServer) => s.baseUrl.replace(/\/v1$/, '');

/** A working OpenAI API under /v1 only; everything else is a 404 that mentions "model". */
const apiUnderV1 =
	(models: string[]): Script =>
	(req, res) => {
		if (req.url === '/v1/models') {
			res.writeHead(200, { 'content-type': 'application/json' });
			return void res.end(JSON.stringify({ object: 'list', data: models.map((id) => ({ id })) }));
		}
		if (req.url === '/v1/chat/completions') {
			sseHead(res);
			return void res.end(chatChunk('hi') + chatChunk(' there') + finalChunks(3, 2));
		}
		notFoundModel(req, res);
	};

describe('Test connection', () => {
	it('makes a handful of requests against a server that 404s everything with "model" in the text', async () => {
		server = await startScripted(notFoundModel);
		const report = await testConnection({ baseUrl: root(server), model: 'tiny' });
		expect(report.ok).toBe(false);
		expect(server.requests.length).toBeLessThanOrEqual(5);
		expect(report.steps.length).toBeGreaterThanOrEqual(2);
		expect(report.steps.every((s) => s.request.startsWith('GET ') || s.request.startsWith('POST '))).toBe(true);
		expect(report.error?.name).toBe('CloudModelNotFoundError');
		expect(report.steps.at(-1)).toMatchObject({ ok: false, errorName: 'CloudModelNotFoundError' });
	});

	it('a generation whose model 404s lists the models once, not again and again', async () => {
		server = await startScripted(notFoundModel);
		const result = await new CloudEngine({ baseUrl: server.baseUrl, model: 'tiny' }).generate({
			input: { mode: 'chat', messages: [{ role: 'user', content: 'hi' }] },
			maxNewTokens: 4,
			temperature: 0
		});
		expect(result.error?.name).toBe('CloudModelNotFoundError');
		expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /v1/chat/completions', 'GET /v1/models']);
	});

	it('a base URL without /v1 gets "did you mean .../v1" when that answers', async () => {
		server = await startScripted(apiUnderV1(['tiny']));
		const report = await testConnection({ baseUrl: root(server), model: 'tiny' });
		expect(report.ok).toBe(false);
		expect(report.suggestedBaseUrl).toBe(server.baseUrl);
		expect(report.error?.name).toBe('CloudBaseUrlError');
		expect(report.error?.message).toContain(`did you mean ${server.baseUrl}?`);
		expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /models', 'GET /v1/models']);
	});

	it('warns when the server answers but does not list the model asked for', async () => {
		server = await startScripted(apiUnderV1(['llama-3-8b']));
		const report = await testConnection({ baseUrl: server.baseUrl, model: 'tiny' });
		expect(report.streams).toBe(true);
		expect(report.modelListed).toBe(false);
		expect(report.error?.name).toBe('CloudModelNotListedError');
		expect(report.error?.message).toContain('llama-3-8b');
		expect(server.requests).toHaveLength(2);
	});

	it('reports each step of a working endpoint', async () => {
		server = await startScripted(apiUnderV1(['tiny']));
		const report = await testConnection({ baseUrl: server.baseUrl, model: 'tiny' });
		expect(report).toMatchObject({
			ok: true,
			modelListed: true,
			streams: true,
			reportsUsage: true,
			modes: { chat: true, completion: null }
		});
		expect(report.error).toBeUndefined();
		expect(report.steps.map((s) => s.ok)).toEqual([true, true]);
	});

	it('an endpoint that never answers times out, naming the request', async () => {
		server = await startScripted(() => new Promise(() => undefined));
		const report = await testConnection({ baseUrl: server.baseUrl, model: 'tiny' }, { requestTimeoutMs: 300 });
		expect(report.error?.name).toBe('CloudTimeoutError');
		expect(report.steps).toEqual([
			expect.objectContaining({ request: `GET ${server.baseUrl}/models`, ok: false, errorName: 'CloudTimeoutError' })
		]);
	});
});
