// The Models page's view of Cache Storage: ONNX files (transformers.js's cache) and GGUF files (llama.cpp's,
// filled here by the real fetchGgufFiles) listed side by side per model, with sizes, and each deleted from
// its own cache only. Cache Storage is an in-memory stand-in (Node has none).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fetchGgufFiles, GGUF_CACHE } from '../engine/llama/model-files';
import { deleteCachedModel, listCachedModels } from './storage';

class MemoryCaches {
	readonly stores = new Map<string, Map<string, Response>>();
	async has(name: string) {
		return this.stores.has(name);
	}
	async open(name: string) {
		const store = this.stores.get(name) ?? new Map<string, Response>();
		this.stores.set(name, store);
		return {
			keys: async () => [...store.keys()].map((url) => new Request(url)),
			match: async (request: Request | string) =>
				store.get(typeof request === 'string' ? request : request.url)?.clone(),
			put: async (url: string, response: Response) => void store.set(url, response),
			delete: async (request: Request | string) => store.delete(typeof request === 'string' ? request : request.url)
		};
	}
}

const ggufBytes = (n: number) => {
	const bytes = new Uint8Array(n);
	bytes.set([0x47, 0x47, 0x55, 0x46]); // "GGUF"
	return bytes;
};

const ORIGIN = 'http://127.0.0.1:4173';
const HUB = 'https://huggingface.co/bartowski/SmolLM2-360M-Instruct-GGUF/resolve/main';
let memory: MemoryCaches;

beforeEach(async () => {
	memory = new MemoryCaches();
	vi.stubGlobal('caches', memory);
	const onnx = await memory.open('transformers-cache');
	await onnx.put(`${ORIGIN}/models/edgewise-tiny/config.json`, new Response('{}'));
	await onnx.put(`${ORIGIN}/models/edgewise-tiny/onnx/model_quantized.onnx`, new Response(new Uint8Array(300)));
	const files: Record<string, number> = {
		[`${ORIGIN}/models/edgewise-tiny/model-q8_0.gguf`]: 120,
		[`${ORIGIN}/models/edgewise-tiny/model-q4_0.gguf`]: 80,
		[`${HUB}/SmolLM2-360M-Instruct-Q4_0.gguf`]: 64,
		[`${ORIGIN}/bench-models/model-q4_0.gguf`]: 16
	};
	const fetchFn = (async (input: RequestInfo | URL) =>
		new Response(ggufBytes(files[String(input)] ?? 0))) as typeof fetch;
	await fetchGgufFiles(Object.keys(files), {
		maxBytes: null,
		fetch: fetchFn,
		caches: memory as unknown as CacheStorage
	});
});

afterEach(() => vi.unstubAllGlobals());

describe('cached models, ONNX and GGUF', () => {
	it('lists GGUF files by model, with each file and its size, beside the ONNX files of the same model', async () => {
		const cached = await listCachedModels();
		expect(cached.map((m) => [m.id, m.format, m.origin, m.bytes])).toEqual([
			['bartowski/SmolLM2-360M-Instruct-GGUF', 'gguf', 'hub', 64],
			['bench-models', 'gguf', 'hub', 16],
			['edgewise-tiny', 'gguf', 'app', 200],
			['edgewise-tiny', 'onnx', 'app', 302]
		]);
		const tiny = cached.find((m) => m.id === 'edgewise-tiny' && m.format === 'gguf');
		expect(tiny?.files).toEqual([
			{ name: 'model-q8_0.gguf', bytes: 120 },
			{ name: 'model-q4_0.gguf', bytes: 80 }
		]);
		expect(new Set(cached.map((m) => m.key)).size).toBe(cached.length);
	});

	it("deletes a GGUF model from llama.cpp's cache only, and an ONNX model from transformers.js's only", async () => {
		const before = await listCachedModels();
		const gguf = before.find((m) => m.id === 'edgewise-tiny' && m.format === 'gguf')!;
		expect(await deleteCachedModel(gguf.key)).toBe(2);
		const after = await listCachedModels();
		expect(after.map((m) => `${m.id}:${m.format}`)).toEqual([
			'bartowski/SmolLM2-360M-Instruct-GGUF:gguf',
			'bench-models:gguf',
			'edgewise-tiny:onnx'
		]);
		expect(memory.stores.get(GGUF_CACHE)?.size).toBe(2);

		const onnx = after.find((m) => m.format === 'onnx')!;
		expect(await deleteCachedModel(onnx.key)).toBe(2);
		expect(memory.stores.get('transformers-cache')?.size).toBe(0);
		expect(memory.stores.get(GGUF_CACHE)?.size).toBe(2);
	});
});
