// The optional bearer key and the CORS allow-list, as a browser and a client see them over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudEngine } from '../../src/lib/engine/cloud/cloud-engine';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index';
import { postJson, TEST_MODEL_ID, testModelDir } from './cloud-test-model';

const KEY = 'ew-test-key-5b1f';
let server: ReferenceServer;
const body = { model: TEST_MODEL_ID, messages: [{ role: 'user', content: 'hi' }], max_tokens: 2, temperature: 0 };

beforeAll(async () => {
	server = await startReferenceServer({
		modelDir: await testModelDir(),
		port: 0,
		apiKey: KEY,
		corsOrigins: ['https://edgewise.example']
	});
});
afterAll(() => server?.close());

const preflight = (origin: string) =>
	fetch(server.url + '/v1/chat/completions', {
		method: 'OPTIONS',
		headers: {
			origin,
			'access-control-request-method': 'POST',
			'access-control-request-headers': 'authorization,content-type'
		}
	});

describe('bearer key', () => {
	it('refuses requests without the key or with a wrong one, in OpenAI style', async () => {
		for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: KEY }] as Record<string, string>[]) {
			const res = await postJson(server.url + '/v1/chat/completions', body, headers);
			expect(res.status).toBe(401);
			expect(await res.json()).toMatchObject({ error: { type: 'authentication_error', code: 'invalid_api_key' } });
		}
		expect((await fetch(server.url + '/v1/models')).status).toBe(401);
	});

	it('serves requests with the key; /health stays open', async () => {
		const res = await postJson(server.url + '/v1/chat/completions', body, { authorization: `Bearer ${KEY}` });
		expect(res.status).toBe(200);
		expect((await fetch(server.url + '/health')).status).toBe(200);
	});

	it('CloudEngine reports a missing key as CloudAuthError and works with it', async () => {
		const request = {
			input: { mode: 'chat' as const, messages: [{ role: 'user' as const, content: 'hi' }] },
			maxNewTokens: 2,
			temperature: 0
		};
		const without = await new CloudEngine({ baseUrl: server.url + '/v1', model: TEST_MODEL_ID }).generate(request);
		expect(without.error?.name).toBe('CloudAuthError');
		await expect(new CloudEngine({ baseUrl: server.url + '/v1', model: TEST_MODEL_ID }).load()).rejects.toMatchObject({
			name: 'CloudAuthError'
		});
		const withKey = await new CloudEngine({ baseUrl: server.url + '/v1', model: TEST_MODEL_ID, apiKey: KEY }).generate(
			request
		);
		expect(withKey.error).toBeUndefined();
		expect(withKey.outputTokens).toBe(2);
	});
});

describe('CORS', () => {
	it('preflight from a configured origin or any loopback port is allowed, without needing the key', async () => {
		for (const origin of ['https://edgewise.example', 'http://127.0.0.1:4320', 'http://localhost:5173']) {
			const res = await preflight(origin);
			expect(res.status).toBe(204);
			expect(res.headers.get('access-control-allow-origin')).toBe(origin);
			expect(res.headers.get('access-control-allow-headers')).toMatch(/authorization/);
			expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
		}
	});

	it('other origins get no CORS headers, so a browser blocks them', async () => {
		for (const origin of ['https://evil.example', 'http://127.0.0.1.evil.example', 'http://localhost.evil:80']) {
			const res = await preflight(origin);
			expect(res.headers.get('access-control-allow-origin')).toBeNull();
			const post = await postJson(server.url + '/v1/chat/completions', body, {
				origin,
				authorization: `Bearer ${KEY}`
			});
			expect(post.headers.get('access-control-allow-origin')).toBeNull();
		}
	});

	it('allowed origins get CORS headers on streams, errors and 429s (Retry-After exposed)', async () => {
		const origin = 'http://127.0.0.1:4320';
		const stream = await postJson(
			server.url + '/v1/chat/completions',
			{ ...body, stream: true },
			{ origin, authorization: `Bearer ${KEY}` }
		);
		expect(stream.headers.get('content-type')).toContain('text/event-stream');
		expect(stream.headers.get('access-control-allow-origin')).toBe(origin);
		await stream.text();
		const unauthorized = await postJson(server.url + '/v1/chat/completions', body, { origin });
		expect(unauthorized.status).toBe(401);
		expect(unauthorized.headers.get('access-control-allow-origin')).toBe(origin);
		expect(unauthorized.headers.get('access-control-expose-headers')).toMatch(/retry-after/i);
	});
});
