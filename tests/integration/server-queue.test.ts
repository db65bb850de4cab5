// Load shedding and disconnects: one running slot and one waiting slot; the next request is refused with
// 429 + Retry-After; a client that disconnects stops its generation and frees its slot; a waiter that
// leaves frees its place in line; shutdown is graceful.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index';
import { postJson, TEST_MODEL_ID, testModelDir } from './cloud-test-model';

let server: ReferenceServer;
const long = {
	model: TEST_MODEL_ID,
	messages: [{ role: 'user', content: 'go on' }],
	max_tokens: 1900,
	temperature: 0,
	ignore_eos: true,
	stream: true
};
const short = { model: TEST_MODEL_ID, messages: [{ role: 'user', content: 'hi' }], max_tokens: 4, temperature: 0 };
const health = async () => (await fetch(server.url + '/health')).json();

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
	for (let i = 0; i < 400; i++) {
		if (await check()) return;
		await new Promise((r) => setTimeout(r, 25));
	}
	throw new Error(`never happened: ${what}`);
}

/** Starts a long stream and resolves once its first token has arrived (so it holds the slot). */
async function startLongStream(controller: AbortController) {
	const res = await fetch(server.url + '/v1/chat/completions', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(long),
		signal: controller.signal
	});
	const reader = res.body!.getReader();
	const first = await reader.read();
	expect(new TextDecoder().decode(first.value)).toContain('data: ');
	return reader;
}

beforeAll(async () => {
	server = await startReferenceServer({ modelDir: await testModelDir(), port: 0, maxConcurrent: 1, maxQueue: 1 });
});
afterAll(() => server?.close());

describe('queue and disconnects', () => {
	it('a full queue answers 429 with Retry-After; aborting the stream stops it and frees the slot', async () => {
		const controller = new AbortController();
		const reader = await startLongStream(controller);
		const queued = postJson(server.url + '/v1/chat/completions', short);
		await until(async () => (await health()).queue.waiting === 1, 'second request waits');

		const refused = await postJson(server.url + '/v1/chat/completions', short);
		expect(refused.status).toBe(429);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		expect(await refused.json()).toMatchObject({
			error: { type: 'rate_limit_error', code: 'queue_full', message: expect.stringContaining('Retry after') }
		});

		controller.abort();
		await reader.closed.catch(() => undefined);
		// The queued request now gets the slot and completes; the long one ended as cancelled, not run to 1900.
		const answer = await queued;
		expect(answer.status).toBe(200);
		expect((await answer.json()).usage.completion_tokens).toBeGreaterThan(0);
		await until(
			async () => (await health()).generations.cancelled === 1,
			'the aborted generation is counted as cancelled'
		);
		expect(await health()).toMatchObject({ queue: { running: 0, waiting: 0 } });
	});

	it('a waiter that disconnects leaves the line', async () => {
		const controller = new AbortController();
		const reader = await startLongStream(controller);
		const waiter = new AbortController();
		const leaving = fetch(server.url + '/v1/chat/completions', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(short),
			signal: waiter.signal
		}).catch(() => null);
		await until(async () => (await health()).queue.waiting === 1, 'the request waits');
		waiter.abort();
		await leaving;
		// The long stream still holds the slot, so only the leaver's departure can empty the line.
		await until(async () => (await health()).queue.waiting === 0, 'the leaver is dropped');
		expect((await health()).queue.running).toBe(1);
		controller.abort();
		await reader.closed.catch(() => undefined);
		await until(async () => {
			const h = await health();
			return h.queue.running === 0 && h.queue.waiting === 0;
		}, 'queue drains');
	});
});

describe('shutdown', () => {
	it('close() stops a running stream within the grace period and refuses new work', async () => {
		const own = await startReferenceServer({ modelDir: await testModelDir(), port: 0, shutdownGraceMs: 200 });
		const res = await postJson(own.url + '/v1/chat/completions', long);
		const reader = res.body!.getReader();
		await reader.read();
		await own.close();
		let text = '';
		for (;;) {
			const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
			if (done) break;
			text += new TextDecoder().decode(value);
		}
		expect(text).toContain('shutting_down');
		await expect(fetch(own.url + '/health')).rejects.toThrow();
	});
});
