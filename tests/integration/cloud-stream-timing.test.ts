// Chunk arrivals over real HTTP from a freshly started reference server (`npm run cloud`, its own
// process): the first streamed request after /health says ok must reach the client token by token, in
// step with the server's own timings, and a stream the client could only read in one burst must be
// flagged on the result instead of reporting tens of thousands of tokens/s.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeRunMetrics } from '../../src/lib/bench/metrics';
import { CloudEngine } from '../../src/lib/engine/cloud/cloud-engine';
import { decodeDisagrees } from '../../src/lib/engine/cloud/bunched-arrivals';
import type { GenerateRequest, GenerationResult } from '../../src/lib/engine/types';
import { TEST_MODEL_ID, testModelDir } from './cloud-test-model';

const TSX = 'node_modules/.bin/tsx';
let server: ChildProcess;
let baseUrl = '';

beforeAll(async () => {
	server = spawn(TSX, ['src/cli/cloud.ts', '--model', await testModelDir(), '--port', '0'], {
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	server.stdout!.on('data', (d) => (output += d));
	server.stderr!.on('data', (d) => (output += d));
	for (let i = 0; i < 1200 && !baseUrl; i++) {
		baseUrl = /reference server: (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(output)?.[1] ?? '';
		await new Promise((r) => setTimeout(r, 50));
	}
	if (!baseUrl) throw new Error(`the reference server did not start:\n${output}`);
}, 90_000);

afterAll(() => {
	server?.kill('SIGTERM');
});

const request = (maxNewTokens: number): GenerateRequest => ({
	input: { mode: 'chat', messages: [{ role: 'user', content: 'Tell me a story about the sea.' }] },
	maxNewTokens,
	temperature: 0,
	ignoreEos: true
});

/** How long the server itself spent between its first and last token, from its reported decode speed. */
function serverDecodeSpanMs(result: GenerationResult): number {
	const rate = result.serverTimings?.decodeTokensPerS;
	expect(rate, 'the reference server reports its decode speed').toBeGreaterThan(0);
	return ((result.outputTokens - 1) * 1000) / rate!;
}

describe('stream timing from a freshly started reference server', () => {
	it('has warmed the model up before it answers /health, and streams the first request token by token', async () => {
		const health = (await (await fetch(baseUrl.replace(/\/v1$/, '/health'))).json()) as {
			status: string;
			warmup_ms: unknown;
			generations: { completed: number };
		};
		expect(health.status).toBe('ok');
		expect(health.warmup_ms).toEqual(expect.any(Number));
		// The warm-up is internal: it counts as no request.
		expect(health.generations.completed).toBe(0);

		const result = await new CloudEngine({ baseUrl, model: TEST_MODEL_ID }).generate(request(96));
		expect(result.finishReason).toBe('length');
		expect(result.outputTokens).toBe(96);
		// Several arrivals, spread over (about) the time the server spent decoding: a burst at the end
		// would give a span near zero however long the server took.
		expect(result.arrivalsMs.length).toBeGreaterThan(10);
		// The first request is not one burst: the arrivals span at least half of the server's own decode
		// time. (Agreement within DECODE_AGREEMENT_TOLERANCE is pinned on the stand-in's steady stream,
		// cloud-stand-in.test.ts: the tiny model decodes 96 tokens in ~60 ms, where a loaded 2-core machine
		// alone moves the ratio by more than 10%.)
		const clientSpanMs = result.arrivalsMs.at(-1)! - result.arrivalsMs[0]!;
		expect(clientSpanMs).toBeGreaterThanOrEqual(serverDecodeSpanMs(result) / 2);
		expect(result.serverTimings?.source).toBe('edgewise');
		expect(computeRunMetrics(result).decodeAgreement).toEqual(expect.any(Number));
	}, 60_000);

	it("flags a stream the client could only read in one burst, and takes the server's decode figure, labelled", async () => {
		// This process sleeps (its thread blocked, as a starved reader is) from the response headers until
		// the server, in its own process, has finished: every token then waits in the socket buffer.
		const blockUntilServerDone = async (url: RequestInfo | URL, init?: RequestInit) => {
			const res = await fetch(url, init);
			Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
			return res;
		};
		// 128 tokens, so the server's decode span (tens of ms) stands well clear of the few ms a loaded machine
		// takes to read a full socket buffer in several reads.
		const result = await new CloudEngine({ baseUrl, model: TEST_MODEL_ID, fetch: blockUntilServerDone }).generate(
			request(128)
		);
		expect(result.finishReason).toBe('length');
		const clientSpanMs = result.arrivalsMs.at(-1)! - result.arrivalsMs[0]!;
		expect(clientSpanMs).toBeLessThan(serverDecodeSpanMs(result) / 2);
		// No agreement figure when every token came in one read (no client decode at all); else out of bounds.
		const metrics = computeRunMetrics(result);
		expect(metrics.decodeAgreement === null || decodeDisagrees(metrics.decodeAgreement)).toBe(true);
		// The client's own figure keeps its definition (so it is absurd, or none), and is kept beside the
		// server's, which stands in as the run's decode figure and time per token; the run says why.
		expect(metrics.clientDecodeTokensPerS ?? Infinity).toBeGreaterThan(2 * result.serverTimings!.decodeTokensPerS!);
		expect(metrics.decodeSource).toBe('server');
		expect(metrics.decodeTokensPerS).toBe(result.serverTimings!.decodeTokensPerS);
		expect(metrics.tpotMs).toBeCloseTo(1000 / result.serverTimings!.decodeTokensPerS!, 9);
		expect(result.notices).toEqual([
			expect.stringMatching(/arrived in bursts.*cannot time the decode.*show the server's own figure/)
		]);
	}, 60_000);
});
