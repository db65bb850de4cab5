import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from './events';
import {
	DEFAULT_SELECTION,
	LocalEngineManager,
	selectionKey,
	slotName,
	type LocalSelection
} from './local-engine.svelte';

// A real host with one fp32-only model folder that declares fp32.
let server: Server;
let base: string;
beforeAll(async () => {
	server = createServer((req, res) => {
		if (req.url === '/m/resolve/main/config.json')
			return void res
				.writeHead(200, { 'content-type': 'application/json' })
				.end('{"transformers.js_config":{"dtype":"fp32"}}');
		if (req.url === '/m/resolve/main/onnx/model.onnx')
			return void res.writeHead(206, { 'content-range': 'bytes 0-0/10' }).end('x');
		res.writeHead(404).end();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('which choices count as a different engine', () => {
	const wasm: LocalSelection = { ...DEFAULT_SELECTION, backend: 'wasm', threads: 1 };
	it('differs for each of model, runtime, backend, dtype and threads', () => {
		for (const change of [
			{ source: { kind: 'twin', shape: 'smollm2-135m' } },
			{ backend: 'webgpu' },
			{ dtype: 'q8' },
			{ runtime: 'llama.cpp' },
			{ threads: 2 }
		] as Partial<LocalSelection>[]) {
			expect(selectionKey({ ...wasm, ...change }), JSON.stringify(change)).not.toBe(selectionKey(wasm));
		}
	});
	it("differs for a runtime's own setting, and reads an absent one as its default", () => {
		const llama: LocalSelection = { ...wasm, runtime: 'llama.cpp', dtype: 'q8' };
		expect(selectionKey({ ...llama, settings: { build: 'wllama' } })).not.toBe(selectionKey(llama));
		expect(selectionKey({ ...llama, settings: { build: 'auto' } })).toBe(selectionKey(llama));
	});
	it('ignores threads on WebGPU, which does not use them', () => {
		expect(selectionKey({ ...wasm, backend: 'webgpu', threads: 2 })).toBe(
			selectionKey({ ...wasm, backend: 'webgpu', threads: 1 })
		);
	});
});

describe('a local slot’s one name', () => {
	it('says model, runtime, backend, precision and threads, WebGPU’s precision included (issue 20, finding 6)', () => {
		expect(slotName({ ...DEFAULT_SELECTION, backend: 'wasm', threads: 1 })).toBe('stories260k · wasm fp32 · 1 thread');
		expect(slotName({ ...DEFAULT_SELECTION, backend: 'webgpu', dtype: 'q4', threads: 2 })).toBe(
			'stories260k · webgpu q4'
		);
		expect(
			slotName({
				...DEFAULT_SELECTION,
				source: { kind: 'hub', id: 'bartowski/SmolLM2-360M-Instruct-GGUF', file: 'x-Q4_0.gguf' },
				runtime: 'llama.cpp',
				dtype: 'q4'
			})
		).toBe('x-Q4_0.gguf · llama.cpp auto q4');
		// A runtime setting off its default is part of the name; the default is not said.
		const llama: LocalSelection = {
			...DEFAULT_SELECTION,
			runtime: 'llama.cpp',
			backend: 'wasm',
			dtype: 'q8',
			threads: 1
		};
		expect(slotName({ ...llama, settings: { build: 'wllama' } })).toBe(
			'stories260k · llama.cpp wasm q8 · 1 thread · wllama'
		);
		expect(slotName({ ...llama, settings: { build: 'auto' } })).toBe('stories260k · llama.cpp wasm q8 · 1 thread');
		// The built-in model picked by id is named by that id (the synthetic one is not the default story model).
		expect(slotName({ ...DEFAULT_SELECTION, source: { kind: 'default', id: 'edgewise-tiny' }, backend: 'wasm' })).toBe(
			'edgewise-tiny · wasm fp32'
		);
		expect(slotName({ ...DEFAULT_SELECTION, source: { kind: 'url', baseUrl: 'http://h:1/', id: 'org/stories' } })).toBe(
			'stories · auto fp32'
		);
	});
});

describe('a custom model starts from what it has', () => {
	it('takes the dtype the folder declares and holds, unless the person chose one', async () => {
		const manager = new LocalEngineManager('local', { ...DEFAULT_SELECTION, dtype: 'q8' });
		expect(manager.selection.dtype).toBe('q8');
		manager.select({ source: { kind: 'url', baseUrl: base, id: 'm' } });
		await expect.poll(() => manager.modelFiles?.files).toEqual({ dtypes: ['fp32'], declaredDtype: 'fp32' });
		expect(manager.selection.dtype).toBe('fp32');

		const chosen = new LocalEngineManager('local');
		chosen.select({ source: { kind: 'url', baseUrl: base, id: 'm' }, dtype: 'q4' });
		await expect.poll(() => chosen.modelFiles).not.toBeNull();
		expect(chosen.selection.dtype).toBe('q4');
	});

	it('leaves the choice alone when the host does not answer', async () => {
		const manager = new LocalEngineManager('local', { ...DEFAULT_SELECTION, dtype: 'q8' });
		manager.select({ source: { kind: 'url', baseUrl: 'http://127.0.0.1:9/', id: 'gone' } });
		// Waits for the outcome itself, not a fixed time: the manager reports that the file list could not be
		// read (issue 20, finding 3: the Precision did not come from the model)…
		await expect.poll(() => manager.modelFilesProblem?.message, { timeout: 5_000 }).toBeTruthy();
		// …and only then is the choice checked: nothing was taken from a model it never read.
		expect(manager.modelFiles).toBeNull();
		expect(manager.selection.dtype).toBe('q8');
	});

	it('says why a folder without the Hub layout could not be read', async () => {
		const manager = new LocalEngineManager('local', { ...DEFAULT_SELECTION, dtype: 'q8' });
		manager.select({ source: { kind: 'url', baseUrl: base, id: 'not-here' } });
		await expect
			.poll(() => manager.modelFilesProblem?.message)
			.toMatch(/HTTP 404.*\{id\}\/resolve\/\{revision\}\/\{file\}/);
		expect(manager.selection.dtype).toBe('q8');
	});
});

describe('a local slot follows a new device probe of its model', () => {
	const news = (recommended: string, before: string | null = null) => ({
		source: DEFAULT_SELECTION.source,
		auto: { env: { hardwareConcurrency: 2, crossOriginIsolated: true }, adapter: null, probe: null },
		before: { 'onnxruntime-web': before },
		recommendedDtype: () => recommended
	});
	it('on Auto takes the fastest precision unless the person chose one, and a slot for another model or backend is left alone', async () => {
		const untouched = new LocalEngineManager('local');
		const chosen = new LocalEngineManager('local-2', { ...DEFAULT_SELECTION, dtype: 'q4' });
		const pinned = new LocalEngineManager('local-3', { ...DEFAULT_SELECTION, backend: 'wasm' });
		const other = new LocalEngineManager('local-4', {
			...DEFAULT_SELECTION,
			source: { kind: 'default', id: 'edgewise-tiny' }
		});
		await events.emitSettled('probe.measured', news('q8'));
		expect([untouched, chosen, pinned, other].map((m) => m.selection.dtype)).toEqual(['q8', 'q4', 'fp32', 'fp32']);
		// The last probe's pick counts as not chosen: a newer probe moves it on.
		await events.emitSettled('probe.measured', news('fp32', 'q8'));
		expect(untouched.selection.dtype).toBe('fp32');
		// A slot that was removed hears nothing more.
		await untouched.dispose();
		await events.emitSettled('probe.measured', news('q8'));
		expect(untouched.selection.dtype).toBe('fp32');
		await Promise.all([chosen, pinned, other].map((m) => m.dispose()));
	});
});
