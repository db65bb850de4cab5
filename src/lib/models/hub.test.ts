import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declaredDtype, defaultDtype, probeModelFiles } from './hub';
import { MissingModelFileError } from '../engine/local/load-errors';

// A real HTTP host with the Hub layout that has only some files, and counts what it was asked.
const FILES: Record<string, string> = {
	'/fp32-only/resolve/main/config.json': JSON.stringify({
		model_type: 'llama',
		'transformers.js_config': { dtype: 'fp32' }
	}),
	'/fp32-only/resolve/main/onnx/model.onnx': 'x'.repeat(5000),
	'/two/resolve/v1/config.json': JSON.stringify({ model_type: 'llama' }),
	'/two/resolve/v1/onnx/model_q4.onnx': 'q4',
	'/two/resolve/v1/onnx/model_fp16.onnx': 'fp16',
	'/login/resolve/main/config.json': '<!doctype html><title>Sign in</title>'
};
let server: Server;
let base: string;
const ranges: (string | undefined)[] = [];
let listingAsks = 0;

beforeAll(async () => {
	server = createServer((req, res) => {
		const body = FILES[req.url ?? ''];
		if (req.url?.includes('/onnx/')) ranges.push(req.headers.range);
		if (req.url?.startsWith('/api/')) listingAsks++;
		if (body === undefined) return void res.writeHead(404).end('Entry not found');
		if (req.headers.range === 'bytes=0-0')
			return void res.writeHead(206, { 'content-range': `bytes 0-0/${body.length}` }).end(body[0]);
		res.writeHead(200, { 'content-type': body.startsWith('<') ? 'text/html' : 'application/json' }).end(body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('what a model folder has', () => {
	it('finds the dtypes whose ONNX file exists with one-byte Range requests, and the declared dtype', async () => {
		ranges.length = 0;
		expect(await probeModelFiles(fetch, base, 'fp32-only', 'main')).toEqual({
			dtypes: ['fp32'],
			declaredDtype: 'fp32'
		});
		expect(ranges).toHaveLength(5);
		expect(new Set(ranges)).toEqual(new Set(['bytes=0-0']));
		expect(await probeModelFiles(fetch, base, 'two', 'v1')).toEqual({ dtypes: ['q4', 'fp16'], declaredDtype: null });
	});

	it("reads the Hub's file listing where the host answers it: one request, no probe, no 404", async () => {
		const asked: string[] = [];
		const statuses: number[] = [];
		const lister = createServer((req, res) => {
			asked.push(`${req.method} ${req.url} ${req.headers.range ?? ''}`.trim());
			const send = (status: number, type: string, body: string) => {
				statuses.push(status);
				res.writeHead(status, { 'content-type': type }).end(body);
			};
			if (req.url === '/m/resolve/main/config.json') return send(200, 'application/json', '{"model_type":"llama"}');
			if (req.url === '/api/models/m/tree/main/onnx')
				return send(
					200,
					'application/json',
					JSON.stringify([
						{ type: 'file', path: 'onnx/model_q4.onnx', size: 10 },
						{ type: 'file', path: 'onnx/model.onnx', size: 40 },
						{ type: 'file', path: 'onnx/model.onnx_data', size: 400 }
					])
				);
			send(404, 'text/plain', 'Entry not found');
		});
		await new Promise<void>((resolve) => lister.listen(0, '127.0.0.1', resolve));
		try {
			const listerBase = `http://127.0.0.1:${(lister.address() as AddressInfo).port}/`;
			expect(await probeModelFiles(fetch, listerBase, 'm', 'main')).toEqual({
				dtypes: ['fp32', 'q4'],
				declaredDtype: null
			});
			expect(asked).toEqual(['GET /m/resolve/main/config.json', 'GET /api/models/m/tree/main/onnx']);
			expect(statuses).toEqual([200, 200]);
		} finally {
			await new Promise((resolve) => lister.close(resolve));
		}
	});

	it('asks a host without the listing only once, then probes file by file', async () => {
		const before = listingAsks;
		await probeModelFiles(fetch, base, 'two', 'v1');
		await probeModelFiles(fetch, base, 'fp32-only', 'main');
		expect(listingAsks - before).toBe(0); // asked once by the first test of this host, and not again
		expect(listingAsks).toBe(1);
	});

	it('rejects a folder that is not a model before probing its files', async () => {
		ranges.length = 0;
		await expect(probeModelFiles(fetch, base, 'no-such-model', 'main')).rejects.toMatchObject({
			name: 'ModelNotFoundError'
		});
		await expect(probeModelFiles(fetch, base, 'login', 'main')).rejects.toMatchObject({ name: 'NotAModelError' });
		expect(ranges).toEqual([]);
	});

	it('reads both spellings of the transformers.js section and a per-session dtype map', () => {
		expect(declaredDtype({ 'transformers.js_config': { dtype: 'q4' } })).toBe('q4');
		expect(declaredDtype({ transformers_js_config: { dtype: 'fp32' } })).toBe('fp32');
		expect(declaredDtype({ 'transformers.js_config': { dtype: { model: 'q4f16', embed_tokens: 'fp16' } } })).toBe(
			'q4f16'
		);
		expect(declaredDtype({ 'transformers.js_config': {} })).toBeNull();
		expect(declaredDtype(null)).toBeNull();
	});

	it('starts from the declared dtype, else keeps the current one when present, else the first present', () => {
		expect(defaultDtype({ dtypes: ['fp32'], declaredDtype: 'fp32' }, 'q8')).toBe('fp32');
		expect(defaultDtype({ dtypes: ['q8', 'fp32'], declaredDtype: 'q4' }, 'fp32')).toBe('fp32');
		expect(defaultDtype({ dtypes: ['q4', 'fp16'], declaredDtype: null }, 'q8')).toBe('q4');
		expect(defaultDtype({ dtypes: [], declaredDtype: null }, 'q8')).toBe('q8');
	});

	it('names the missing file and what exists when a load asks for a dtype the folder lacks', () => {
		const error = new MissingModelFileError('fp32-only', 'onnx/model_quantized.onnx', 'q8', ['fp32']);
		expect(error.name).toBe('MissingModelFileError');
		expect(error.message).toBe(
			'The model "fp32-only" has no onnx/model_quantized.onnx, the file for q8. It has fp32: pick that precision and load again.'
		);
		expect(new MissingModelFileError('m', 'onnx/model_q4.onnx', 'q4', null).message).toMatch(/Pick another precision/);
	});
});
