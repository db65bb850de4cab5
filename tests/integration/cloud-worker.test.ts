// The app's CloudWorkerEngine and the worker's handlers, joined by a real MessageChannel (structured
// clone included) against the reference server: the same text and counts as the in-thread engine,
// timestamps from the worker side, cancel across the channel, and the key absent from every result.
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudEngine } from '../../src/lib/engine/cloud/cloud-engine';
import { CloudWorkerEngine } from '../../src/lib/engine/cloud/cloud-worker-engine';
import { cloudWorkerHandlers } from '../../src/lib/engine/cloud/worker-handlers';
import type { GenerateRequest, TokenEvent } from '../../src/lib/engine/types';
import { serveRpc, type RpcEndpoint } from '../../src/lib/engine/worker-rpc';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index';
import { TEST_MODEL_ID, testModelDir } from './cloud-test-model';

const KEY = 'ew-worker-key-2a9d';
let server: ReferenceServer;
const ports: MessagePort[] = [];
const request: GenerateRequest = {
	input: { mode: 'chat', messages: [{ role: 'user', content: 'hello worker' }] },
	maxNewTokens: 24,
	temperature: 0,
	ignoreEos: true
};

function workerPair(): RpcEndpoint {
	const { port1, port2 } = new MessageChannel();
	ports.push(port1, port2);
	serveRpc(port2 as unknown as RpcEndpoint, cloudWorkerHandlers());
	port1.start();
	port2.start();
	return port1 as unknown as RpcEndpoint;
}

beforeAll(async () => {
	server = await startReferenceServer({ modelDir: await testModelDir(), port: 0, apiKey: KEY });
});
afterAll(async () => {
	ports.forEach((p) => p.close());
	await server?.close();
});

describe('CloudWorkerEngine over a MessageChannel', () => {
	it('streams the same text and counts as the in-thread engine, with the key nowhere in the result', async () => {
		const config = { baseUrl: server.url + '/v1', model: TEST_MODEL_ID, apiKey: KEY };
		const viaWorker = new CloudWorkerEngine(config, workerPair());
		expect(await viaWorker.load()).toMatchObject({ loadKind: 'warm' });
		const events: TokenEvent[] = [];
		const result = await viaWorker.generate(request, { onToken: (e) => events.push(e) });
		const direct = await new CloudEngine(config).generate(request);
		expect(result.error).toBeUndefined();
		expect(result.text).toBe(direct.text);
		expect(result.outputTokens).toBe(24);
		expect(result.tokensSource).toBe('usage');
		expect(events.map((e) => e.text).join('')).toBe(result.text);
		expect(events.map((e) => e.index)).toEqual(events.map((_, i) => i));
		// Event times are the worker's arrival stamps, identical to the result's.
		expect(events.map((e) => e.tMs)).toEqual(result.arrivalsMs);
		expect(JSON.stringify(result)).not.toContain(KEY);
		expect(JSON.stringify(viaWorker.describe())).not.toContain(KEY);
		expect(await viaWorker.listModels()).toEqual([TEST_MODEL_ID]);
		await viaWorker.dispose();
	});

	it('cancel() crosses the channel and the result says cancelled', async () => {
		const engine = new CloudWorkerEngine(
			{ baseUrl: server.url + '/v1', model: TEST_MODEL_ID, apiKey: KEY },
			workerPair()
		);
		const result = await engine.generate({ ...request, maxNewTokens: 1500 }, { onToken: () => engine.cancel() });
		expect(result.finishReason).toBe('cancelled');
		expect(result.outputTokens).toBeLessThan(1500);
		await engine.dispose();
	});

	it('errors come back in the result with their names (wrong key)', async () => {
		const engine = new CloudWorkerEngine(
			{ baseUrl: server.url + '/v1', model: TEST_MODEL_ID, apiKey: 'wrong' },
			workerPair()
		);
		const result = await engine.generate(request);
		expect(result.error?.name).toBe('CloudAuthError');
		await expect(engine.load()).rejects.toMatchObject({ name: 'CloudAuthError' });
		const report = await engine.testConnection();
		expect(report).toMatchObject({ ok: false, streams: false, error: { name: 'CloudAuthError' } });
		await engine.dispose();
	});

	it('testConnection reports round trip, streaming and usage', async () => {
		const engine = new CloudWorkerEngine(
			{ baseUrl: server.url + '/v1', model: TEST_MODEL_ID, apiKey: KEY },
			workerPair()
		);
		const report = await engine.testConnection();
		expect(report).toMatchObject({ ok: true, streams: true, reportsUsage: true, models: [TEST_MODEL_ID] });
		expect(report.roundTripMs).toBeGreaterThan(0);
		expect(report.ttftMs).toBeGreaterThan(0);
		await engine.dispose();
	});
});
