import { describe, expect, it } from 'vitest';
import { ranOn } from './ran-on';

const model = { id: 'edgewise-tiny', dtype: 'q4' };

describe('ranOn', () => {
	it('gives WebGPU its adapter and no thread count (issue 20, finding 7)', () => {
		const adapter = { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true };
		const text = ranOn({ placement: 'device', backend: 'webgpu', threads: 1, adapter, model });
		expect(text).toBe('ONNX Runtime · WebGPU · google swiftshader (software) · q4');
		expect(text).not.toMatch(/thread/);
	});
	it('gives WebAssembly its threads, and llama.cpp its file’s quant', () => {
		expect(
			ranOn({
				placement: 'device',
				backend: 'wasm',
				threads: 2,
				model: { id: 'm', dtype: 'q8' },
				runtime: { name: 'llama.cpp', version: 'b1', fileFormat: 'gguf', quant: 'Q8_0' }
			})
		).toBe('llama.cpp · WebAssembly · 2 threads · q8 (Q8_0)');
	});
	it('gives an endpoint its host and model', () => {
		expect(
			ranOn({
				placement: 'remote',
				backend: 'http',
				endpointBaseUrl: 'http://127.0.0.1:4321/v1',
				model: { id: 'stories' }
			})
		).toBe('127.0.0.1:4321 · stories');
	});
});
