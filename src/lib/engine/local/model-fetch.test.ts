import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createModelFetch, onnxBytesOf, type FetchLog } from './model-fetch';

function server(routes: Record<string, () => Response>): typeof fetch {
	return async (input) => {
		const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
		const route = routes[new URL(url).pathname];
		return route ? route() : new Response('Entry not found', { status: 404 });
	};
}

const newLog = (): FetchLog => ({ networkFiles: [], declaredBytes: new Map(), missingFiles: [] });
const BASE = 'http://127.0.0.1:4322/m/resolve/main';

describe('createModelFetch', () => {
	it('records full downloads and declared sizes, not Range probes, as network files', async () => {
		const log = newLog();
		const bytes = new Uint8Array(1000);
		const fetchModel = createModelFetch(
			server({
				'/m/resolve/main/onnx/model_q4.onnx': () => new Response(bytes, { headers: { 'content-length': '1000' } })
			}),
			log,
			() => null
		);
		await fetchModel(`${BASE}/onnx/model_q4.onnx`, { headers: { Range: 'bytes=0-0' } });
		expect(log.networkFiles).toEqual([]);
		await fetchModel(`${BASE}/onnx/model_q4.onnx`);
		expect(log.networkFiles).toEqual([`${BASE}/onnx/model_q4.onnx`]);
		expect(log.declaredBytes.get(`${BASE}/onnx/model_q4.onnx`)).toBe(1000);
	});

	it('turns an HTML page into NotAModelError and a missing config.json into ModelNotFoundError', async () => {
		const html = createModelFetch(
			server({
				'/m/resolve/main/config.json': () => new Response('<html>', { headers: { 'content-type': 'text/html' } })
			}),
			newLog(),
			() => null
		);
		await expect(html(`${BASE}/config.json`)).rejects.toMatchObject({ name: 'NotAModelError' });
		const missing = createModelFetch(server({}), newLog(), () => null);
		await expect(missing(`${BASE}/config.json`)).rejects.toMatchObject({
			name: 'ModelNotFoundError',
			message: expect.stringMatching(/HTTP 404/)
		});
	});

	it('refuses a download bigger than the free storage before reading it', async () => {
		const log = newLog();
		const fetchModel = createModelFetch(
			server({
				'/m/resolve/main/onnx/model.onnx': () =>
					new Response(new Uint8Array(10), { headers: { 'content-length': '5000000' } })
			}),
			log,
			() => 1_000_000
		);
		await expect(fetchModel(`${BASE}/onnx/model.onnx`)).rejects.toMatchObject({
			name: 'ModelTooLargeError',
			message:
				'This model needs 5.0 MB but only 1.0 MB of browser storage is free. Delete cached models on the Models page, or pick a smaller model or dtype.'
		});
	});

	it('notes 404s of optional files and passes other URLs through untouched', async () => {
		const log = newLog();
		const fetchModel = createModelFetch(server({ '/other': () => new Response('x') }), log, () => null);
		expect((await fetchModel(`${BASE}/tokenizer.json`)).status).toBe(404);
		expect(log.missingFiles).toEqual([`${BASE}/tokenizer.json`]);
		expect(await (await fetchModel('http://127.0.0.1:4322/other')).text()).toBe('x');
	});

	it(
		'aborts a body mid-read, and every later request of the load, when the load is aborted',
		{ timeout: 10_000 },
		async () => {
			// A real HTTP server that sends half a file and stalls, as a slow download would.
			let requests = 0;
			const http = createServer((_req, res) => {
				requests++;
				res.writeHead(200, { 'content-length': '2000', 'content-type': 'application/octet-stream' });
				res.write(new Uint8Array(1000));
			});
			await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
			const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/m/resolve/main/onnx/model.onnx`;
			try {
				const abort = new AbortController();
				const fetchModel = createModelFetch(fetch, newLog(), () => null, abort.signal);
				const response = await fetchModel(url);
				const body = response.arrayBuffer();
				abort.abort();
				await expect(body).rejects.toMatchObject({ name: 'AbortError' });
				await expect(fetchModel(url)).rejects.toMatchObject({ name: 'AbortError' });
				expect(requests).toBe(1);
			} finally {
				http.closeAllConnections();
				await new Promise((resolve) => http.close(resolve));
			}
		}
	);
});

describe('a request that gets no answer', () => {
	// A port nothing listens on: fetch rejects with the browser's bare TypeError ("fetch failed" in Node).
	async function closedPortUrl(): Promise<string> {
		const http = createServer();
		await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
		const port = (http.address() as AddressInfo).port;
		await new Promise((resolve) => http.close(resolve));
		return `http://127.0.0.1:${port}/owner/m/resolve/main/config.json`;
	}

	it('says the host could not be reached while online, and that the model is not cached while offline', async () => {
		const url = await closedPortUrl();
		const fetchModel = createModelFetch(fetch, newLog(), () => null);
		await expect(fetchModel(url)).rejects.toMatchObject({
			name: 'ModelHostUnreachableError',
			message: expect.stringMatching(new RegExp(`^Could not reach ${new URL(url).origin}\\. Check that the address`))
		});
		const onLine = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
		Object.defineProperty(globalThis, 'navigator', { value: { onLine: false }, configurable: true });
		try {
			await expect(fetchModel(url)).rejects.toMatchObject({
				name: 'ModelOfflineError',
				message:
					'The model "owner/m" is not cached on this device, and the device is offline. Connect to the network and load it once; after that it loads offline too.'
			});
		} finally {
			if (onLine) Object.defineProperty(globalThis, 'navigator', onLine);
		}
	});

	it('lets an abort through as an abort', async () => {
		const abort = new AbortController();
		abort.abort();
		const fetchModel = createModelFetch(fetch, newLog(), () => null, abort.signal);
		await expect(fetchModel(await closedPortUrl())).rejects.toMatchObject({ name: 'AbortError' });
	});
});

describe('onnxBytesOf', () => {
	it('sums the ONNX files a load declared, weights and external data, not the JSON beside them', () => {
		const declaredBytes = new Map([
			['http://h/models/m/config.json', 700],
			['http://h/models/m/tokenizer.json', 2_000],
			['http://h/models/m/onnx/model.onnx', 1_000_000],
			['http://h/models/m/onnx/model.onnx_data', 4_000_000],
			['http://h/models/m/onnx/model.onnx_data_1', 500]
		]);
		expect(onnxBytesOf({ declaredBytes })).toBe(5_000_500);
		expect(onnxBytesOf({ declaredBytes: new Map() })).toBe(0);
	});
});
