// `Expect: 100-continue` with a body over the limit: the server must answer 413 every time, before
// `100 Continue` (so the client never sends the body). A client that was told to continue sends the body,
// as curl does; a final answer lost to a reset then shows up as a missing status. Loopback only; each
// attempt bounded by a timeout.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index';
import { TEST_MODEL_ID, testModelDir } from './cloud-test-model';

const BODY_BYTES = 20 * 1024 * 1024;
const ATTEMPT_TIMEOUT_MS = 10_000;

let server: ReferenceServer;
beforeAll(async () => {
	server = await startReferenceServer({ modelDir: await testModelDir(), port: 0 });
});
afterAll(() => server?.close());

interface Exchange {
	/** Interim `100 Continue` seen before the final answer. */
	continued: boolean;
	/** Final status; null when the connection ended (or was reset) before one arrived. */
	status: number | null;
	body: string;
	error?: string;
}

/** One POST with `Expect: 100-continue`, sending `body` only once told to continue. */
function postWithExpect(url: string, body: Buffer): Promise<Exchange> {
	const { hostname, port } = new URL(url);
	return new Promise((resolve) => {
		const socket = connect(Number(port), hostname);
		let buffered = Buffer.alloc(0);
		const out: Exchange = { continued: false, status: null, body: '' };
		let settled = false;
		const settle = (error?: string) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			socket.destroy();
			resolve(error && out.status === null ? { ...out, error } : out);
		};
		const timer = setTimeout(() => settle('timed out'), ATTEMPT_TIMEOUT_MS);
		socket.on('connect', () =>
			socket.write(
				`POST /v1/chat/completions HTTP/1.1\r\nHost: ${hostname}:${port}\r\ncontent-type: application/json\r\n` +
					`content-length: ${body.length}\r\nexpect: 100-continue\r\n\r\n`
			)
		);
		socket.on('data', (chunk) => {
			buffered = Buffer.concat([buffered, chunk]);
			for (;;) {
				const end = buffered.indexOf('\r\n\r\n');
				if (end < 0) return;
				const head = buffered.subarray(0, end).toString('latin1');
				const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
				if (status === 100) {
					out.continued = true;
					buffered = buffered.subarray(end + 4);
					socket.write(body);
					continue;
				}
				const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? NaN);
				if (buffered.length < end + 4 + length) return;
				out.status = status;
				out.body = buffered.subarray(end + 4, end + 4 + length).toString('utf8');
				return settle();
			}
		});
		socket.on('error', (err) => settle(err.message));
		socket.on('close', () => settle('closed before a final answer'));
	});
}

describe('a body over the limit with Expect: 100-continue', () => {
	it('gets its 413 before 100 Continue, 20 times out of 20', async () => {
		const body = Buffer.alloc(BODY_BYTES, 'a');
		const outcomes: Exchange[] = [];
		for (let i = 0; i < 20; i++) outcomes.push(await postWithExpect(server.url, body));
		expect(outcomes.map((o) => [o.continued, o.status, o.error])).toEqual(
			Array.from({ length: 20 }, () => [false, 413, undefined])
		);
		for (const o of outcomes) expect(JSON.parse(o.body).error.code).toBe('body_too_large');
		// The server still answers afterwards.
		expect((await fetch(`${server.url}/health`)).status).toBe(200);
	}, 60_000);

	it('still lets a body within the limit continue and answers it', async () => {
		const body = Buffer.from(
			JSON.stringify({ model: TEST_MODEL_ID, messages: [{ role: 'user', content: 'hi' }], max_tokens: 2 })
		);
		const o = await postWithExpect(server.url, body);
		expect([o.continued, o.status]).toEqual([true, 200]);
		expect(JSON.parse(o.body).usage.completion_tokens).toBeGreaterThan(0);
	});
});
