// CloudEngine against the stand-in server, over real HTTP, with the stream timing under control: client
// and server decode agree on a steady stream, and every way the client can be misled or cut off ends in
// its notice or its error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeRunMetrics } from '../../src/lib/bench/metrics';
import { CloudEngine } from '../../src/lib/engine/cloud/cloud-engine';
import { DECODE_AGREEMENT_TOLERANCE, decodeDisagrees } from '../../src/lib/engine/cloud/bunched-arrivals';
import type { GenerateRequest } from '../../src/lib/engine/types';
import type { ScriptedServer } from './cloud-scripted-server';
import { standInModel, startStandIn, type StandInMode } from './cloud-stand-in';

let server: ScriptedServer;
beforeAll(async () => {
	server = await startStandIn();
});
afterAll(() => server.close());

const request: GenerateRequest = {
	input: { mode: 'chat', messages: [{ role: 'user', content: 'go' }] },
	maxNewTokens: 32,
	temperature: 0
};
const run = (mode: StandInMode, extra: { connectTimeoutMs?: number } = {}) =>
	new CloudEngine({ baseUrl: server.baseUrl, model: standInModel(mode, 32, 10), ...extra }).generate(request);

describe('against the stand-in server', () => {
	it('steady: client and server decode agree within the tolerance, with no notice', async () => {
		const result = await run('steady');
		expect(result.finishReason).toBe('length');
		expect(result.serverTimings).toMatchObject({ source: 'llama.cpp', decodeTokens: 32 });
		const m = computeRunMetrics(result);
		expect(Math.abs(m.decodeAgreement! - 1)).toBeLessThanOrEqual(DECODE_AGREEMENT_TOLERANCE);
		expect(result.notices).toBeUndefined();
	});

	it('burst: half the tokens held back reads fast on the client, and the run says so', async () => {
		const result = await run('burst');
		const m = computeRunMetrics(result);
		expect(m.decodeAgreement!).toBeGreaterThan(1 + DECODE_AGREEMENT_TOLERANCE);
		expect(result.notices).toEqual([expect.stringMatching(/arrived in bursts/)]);
	});

	it('late first chunk: the span shrinks, and the run says so', async () => {
		const result = await run('late-first');
		expect(decodeDisagrees(computeRunMetrics(result).decodeAgreement)).toBe(true);
		expect(result.notices).toEqual([expect.stringMatching(/outside ±10%/)]);
	});

	it('killed mid-stream: CloudStreamCutError with the partial text, no decode figure', async () => {
		const result = await run('killed');
		expect(result.error?.name).toBe('CloudStreamCutError');
		expect(result.text).toMatch(/^t0 t1 /);
		expect(computeRunMetrics(result).decodeTokensPerS).toBeNull();
	});

	it('never answers: the connect timeout names its phase', async () => {
		const result = await run('never', { connectTimeoutMs: 300 });
		expect(result.error?.name).toBe('CloudTimeoutError');
		expect(result.error?.message).toMatch(/answer the request/);
	});

	it('HTML instead of a stream: CloudNotJsonError', async () => {
		expect((await run('html')).error?.name).toBe('CloudNotJsonError');
	});
});
