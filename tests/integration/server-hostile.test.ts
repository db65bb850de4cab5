// At least 200 malformed or hostile requests, generated with fast-check from a table of ways to be wrong
// (bad JSON, wrong types, out-of-range numbers, huge max_tokens, oversize bodies, unknown models, empty
// messages, wrong media types, prototype keys, unknown routes): every one gets a 4xx OpenAI-style JSON
// error, never a 5xx, and the server keeps serving with flat memory.
import fc from 'fast-check';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index';
import { TEST_MODEL_ID, testModelDir } from './cloud-test-model';

const BODY_LIMIT_BYTES = 64 * 1024;
let server: ReferenceServer;
beforeAll(async () => {
	server = await startReferenceServer({ modelDir: await testModelDir(), port: 0, bodyLimitBytes: BODY_LIMIT_BYTES });
});
afterAll(() => server?.close());

interface Hostile {
	method?: string;
	path?: string;
	contentType?: string;
	body: string;
}

const valid = { model: TEST_MODEL_ID, messages: [{ role: 'user', content: 'hi' }], max_tokens: 1, temperature: 0 };
const nonInteger = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Number.isInteger(x));
const notANumber = fc.oneof(fc.string(), fc.boolean(), fc.constant([]), fc.constant({}));
const notAString = fc.oneof(fc.integer(), fc.boolean(), fc.constant([]), fc.constant({}), fc.constant(null));
const withField = (field: string, value: fc.Arbitrary<unknown>) =>
	value.map((v) => ({ body: JSON.stringify({ ...valid, [field]: v }) }));

const hostile: fc.Arbitrary<Hostile> = fc.oneof(
	// Not JSON at all, or truncated JSON.
	fc
		.string({ minLength: 1 })
		.filter((s) => {
			try {
				JSON.parse(s);
				return false;
			} catch {
				return true;
			}
		})
		.map((body) => ({ body })),
	fc.nat({ max: JSON.stringify(valid).length - 2 }).map((n) => ({ body: JSON.stringify(valid).slice(0, n + 1) })),
	// JSON that is not an object.
	fc
		.oneof(fc.integer(), fc.string(), fc.constant(null), fc.array(fc.integer()))
		.map((v) => ({ body: JSON.stringify(v) })),
	// Wrong types and out-of-range values, field by field.
	withField('model', fc.oneof(notAString, fc.constant(''))),
	withField(
		'model',
		fc.string({ minLength: 1, maxLength: 40 }).filter((m) => m !== TEST_MODEL_ID)
	),
	withField('messages', fc.oneof(fc.constant([]), fc.string(), fc.integer(), fc.constant(null), fc.constant({}))),
	withField(
		'messages',
		fc.array(fc.oneof(fc.integer(), fc.string(), fc.constant(null)), { minLength: 1, maxLength: 3 })
	),
	withField(
		'messages',
		fc
			.record({
				role: fc.string().filter((r) => !['system', 'developer', 'user', 'assistant'].includes(r)),
				content: fc.string()
			})
			.map((m) => [m])
	),
	withField(
		'messages',
		fc
			.record({ role: fc.constant('user'), content: fc.oneof(fc.integer(), fc.constant(null), fc.constant({})) })
			.map((m) => [m])
	),
	withField('messages', fc.constant([{ role: 'user' }])),
	withField(
		'max_tokens',
		fc.oneof(
			notANumber,
			nonInteger,
			fc.integer({ max: 0 }),
			fc.integer({ min: 2049 }),
			fc.constant(Number.MAX_SAFE_INTEGER)
		)
	),
	withField('max_completion_tokens', fc.oneof(notANumber, fc.integer({ max: 0 }), fc.constant(1e9))),
	withField(
		'temperature',
		fc.oneof(
			notANumber,
			fc.double({ min: 2.000001, noNaN: true, noDefaultInfinity: true }),
			fc.double({ max: -0.000001, noNaN: true, noDefaultInfinity: true })
		)
	),
	withField(
		'top_p',
		fc.oneof(
			notANumber,
			fc.constant(0),
			fc.double({ min: 1.000001, max: 1e6, noNaN: true }),
			fc.double({ max: -0.000001, min: -1e6, noNaN: true })
		)
	),
	withField('seed', fc.oneof(nonInteger, fc.string())),
	withField(
		'stop',
		fc.oneof(
			fc.integer(),
			fc.constant({}),
			fc.constant(''),
			fc.array(fc.string({ minLength: 1 }), { minLength: 5, maxLength: 8 })
		)
	),
	withField('stream', fc.oneof(fc.string(), fc.integer(), fc.constant({}))),
	withField(
		'stream_options',
		fc.oneof(fc.string(), fc.integer(), fc.constant([]), fc.constant({ include_usage: 'yes' }))
	),
	withField('n', fc.integer({ min: 2, max: 100 })),
	withField('min_tokens', fc.oneof(fc.integer({ max: -1 }), fc.string(), fc.constant(2))),
	// Prototype pollution attempts.
	fc
		.constantFrom(
			'{"__proto__":{"admin":true},"model":"x","messages":[]}',
			'{"constructor":{"prototype":{"x":1}},"model":1}'
		)
		.map((body) => ({ body })),
	// Oversize bodies and a prompt that cannot fit the context.
	fc
		.integer({ min: BODY_LIMIT_BYTES + 1, max: BODY_LIMIT_BYTES * 4 })
		.map((n) => ({ body: JSON.stringify({ ...valid, messages: [{ role: 'user', content: 'x'.repeat(n) }] }) })),
	fc.constant({
		body: JSON.stringify({ ...valid, max_tokens: 2000, messages: [{ role: 'user', content: 'word '.repeat(2000) }] })
	}),
	// Wrong media type, empty bodies, wrong methods and routes.
	fc
		.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x')
		.map((contentType) => ({ contentType, body: JSON.stringify(valid) })),
	fc.constant({ body: '' }),
	fc
		.constantFrom(
			'/v1/chat/completion',
			'/v2/chat/completions',
			'/v1/embeddings',
			'/../etc/passwd',
			'/v1/models/../../x',
			'/%00'
		)
		.map((path) => ({ path, body: JSON.stringify(valid) })),
	fc.constantFrom('PUT', 'DELETE', 'PATCH').map((method) => ({ method, body: JSON.stringify(valid) }))
);

async function send(h: Hostile): Promise<{ status: number; body: unknown }> {
	const res = await fetch(server.url + (h.path ?? '/v1/chat/completions'), {
		method: h.method ?? 'POST',
		headers: { 'content-type': h.contentType ?? 'application/json' },
		body: h.body
	});
	const text = await res.text();
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		/* asserted below */
	}
	return { status: res.status, body };
}

function heapUsedAfterGc(): number {
	setFlagsFromString('--expose-gc');
	const gc = runInNewContext('gc') as () => void;
	gc();
	gc();
	return process.memoryUsage().heapUsed;
}

describe('hostile requests', () => {
	it('>= 200 malformed requests all get 4xx OpenAI-style JSON, and the server keeps serving', async () => {
		const seen = new Set<number>();
		let count = 0;
		const property = fc.asyncProperty(hostile, async (h) => {
			const { status, body } = await send(h);
			count++;
			seen.add(status);
			expect(
				status,
				`${h.method ?? 'POST'} ${h.path ?? ''} ${h.body.slice(0, 120)} -> ${JSON.stringify(body)}`
			).toBeGreaterThanOrEqual(400);
			expect(status).toBeLessThan(500);
			expect(body).toMatchObject({ error: { message: expect.any(String), type: expect.any(String) } });
			const error = (body as { error: Record<string, unknown> }).error;
			expect(Object.keys(error).sort()).toEqual(['code', 'message', 'param', 'type']);
		});
		// A warm-up pass so lazily built code paths are allocated before the heap is measured.
		await fc.assert(property, { numRuns: 60, seed: 7 });
		const heapBeforeBytes = heapUsedAfterGc();
		await fc.assert(property, { numRuns: 300 });
		const heapAfterBytes = heapUsedAfterGc();
		console.log(
			`hostile: ${count} requests, statuses ${[...seen].sort().join(',')}, heap ${((heapAfterBytes - heapBeforeBytes) / 1048576).toFixed(2)} MB after vs before`
		);
		expect(count).toBeGreaterThanOrEqual(360);
		expect([...seen].every((s) => [400, 404, 413, 415].includes(s))).toBe(true);
		// 300 requests, some of them 256 KiB: a leak of the bodies alone would add tens of MB. The bound
		// is generous (fast-check's own shrinking records and V8's lazily grown spaces account for a few MB).
		expect(heapAfterBytes - heapBeforeBytes).toBeLessThan(16 * 1024 * 1024);

		const ok = await fetch(server.url + '/v1/chat/completions', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(valid)
		});
		expect(ok.status).toBe(200);
		expect(((await ok.json()) as { usage: { completion_tokens: number } }).usage.completion_tokens).toBe(1);
	});
});
