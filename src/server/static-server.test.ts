// The static server over real HTTP on loopback, serving a temporary folder laid out like build/.
import { request } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ISOLATION_HEADERS, startStaticServer, StaticRootMissingError, type StaticServer } from './static-server';

let root: string;
let server: StaticServer;
const wasmBytes = new Uint8Array(4096).map((_, i) => i % 251);

beforeAll(async () => {
	root = await mkdtemp(join(tmpdir(), 'edgewise-static-'));
	await mkdir(join(root, '_app/immutable/assets'), { recursive: true });
	await mkdir(join(root, 'models/edgewise-tiny/onnx'), { recursive: true });
	await writeFile(join(root, 'index.html'), '<!doctype html><title>home</title>');
	await writeFile(join(root, 'models.html'), '<!doctype html><title>models page</title>');
	await writeFile(join(root, 'manifest.webmanifest'), '{"name":"Edgewise"}');
	await writeFile(join(root, '_app/immutable/assets/ort-wasm-simd-threaded.wasm'), wasmBytes);
	await writeFile(join(root, '_app/immutable/assets/ort-wasm-simd-threaded.mjs'), 'export default 1;');
	await writeFile(join(root, 'models/edgewise-tiny/config.json'), '{"model_type":"llama"}');
	await writeFile(join(root, 'models/edgewise-tiny/onnx/model.onnx'), wasmBytes);
	server = await startStaticServer({ root, port: 0 });
});

afterAll(async () => {
	await server?.close();
	await rm(root, { recursive: true, force: true });
});

function rawGet(path: string): Promise<{ status: number; body: string }> {
	const { hostname, port } = new URL(server.url);
	return new Promise((resolve, reject) => {
		request({ hostname, port, path }, (response) => {
			let body = '';
			response.on('data', (chunk) => (body += chunk));
			response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
		})
			.on('error', reject)
			.end();
	});
}

const get = (path: string, headers: Record<string, string> = {}) => fetch(new URL(path, server.url), { headers });

describe('static server', () => {
	it('binds loopback by default', () => {
		expect(new URL(server.url).hostname).toBe('127.0.0.1');
	});

	it('sends the cross-origin isolation headers on pages, assets and 404s', async () => {
		for (const path of ['/', '/_app/immutable/assets/ort-wasm-simd-threaded.wasm', '/_app/nope.js']) {
			const response = await get(path);
			for (const [name, value] of Object.entries(ISOLATION_HEADERS))
				expect(response.headers.get(name), `${name} on ${path}`).toBe(value);
		}
	});

	it('serves wasm, mjs and the web manifest with the right MIME types', async () => {
		expect((await get('/_app/immutable/assets/ort-wasm-simd-threaded.wasm')).headers.get('content-type')).toBe(
			'application/wasm'
		);
		expect((await get('/_app/immutable/assets/ort-wasm-simd-threaded.mjs')).headers.get('content-type')).toMatch(
			/^text\/javascript/
		);
		expect((await get('/manifest.webmanifest')).headers.get('content-type')).toMatch(/^application\/manifest\+json/);
	});

	it('honours Range, as transformers.js sizes model files with bytes=0-0', async () => {
		const probe = await get('/models/edgewise-tiny/onnx/model.onnx', { Range: 'bytes=0-0' });
		expect(probe.status).toBe(206);
		expect(probe.headers.get('content-range')).toBe(`bytes 0-0/${wasmBytes.byteLength}`);
		const slice = await get('/models/edgewise-tiny/onnx/model.onnx', { Range: 'bytes=100-199' });
		expect(new Uint8Array(await slice.arrayBuffer())).toEqual(wasmBytes.slice(100, 200));
	});

	it('prefers the prerendered page over a folder of the same name, and serves files inside it', async () => {
		expect(await (await get('/models')).text()).toContain('models page');
		expect(await (await get('/models/edgewise-tiny/config.json')).json()).toEqual({ model_type: 'llama' });
	});

	it('falls back to the app shell for unknown pages but not for missing assets or model files', async () => {
		const page = await get('/somewhere/deep');
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('<title>home</title>');
		expect((await get('/_app/immutable/missing.js')).status).toBe(404);
		expect((await get('/models/edgewise-tiny/tokenizer.json')).status).toBe(404);
	});

	it('caches hashed assets for good and makes everything else revalidate', async () => {
		expect((await get('/_app/immutable/assets/ort-wasm-simd-threaded.wasm')).headers.get('cache-control')).toContain(
			'immutable'
		);
		expect((await get('/')).headers.get('cache-control')).toBe('no-cache');
	});

	it('refuses to escape the root', async () => {
		// Raw paths (fetch would normalise the dots away before sending).
		for (const path of [
			'/../../../../etc/passwd',
			'/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
			'/models/..%2f..%2f..%2fetc%2fpasswd'
		]) {
			const { status, body } = await rawGet(path);
			expect(body, path).not.toContain('root:');
			expect(status, path).toBeGreaterThanOrEqual(400);
		}
	});

	it('says to build first when there is nothing to serve', async () => {
		await expect(startStaticServer({ root: join(root, 'missing'), port: 0 })).rejects.toThrow(StaticRootMissingError);
	});
});
