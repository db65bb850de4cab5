import { describe, expect, it } from 'vitest';
import { ggufFilesFor } from './gguf-files';
import { STORIES260K_SHAPE } from './builtin';
import { readLlama2cCheckpoint } from './llama2c/checkpoint';
import { knownChatTemplate, parseModelInput, resolveSource, sourceKey, sourceLabel } from './sources';
import { readFileSync } from 'node:fs';
import { hubFileUrl, onnxFileName } from './hub';

describe('model sources', () => {
	it('reads a Hub id, a Hub URL and a self-hosted URL', () => {
		expect(parseModelInput(' HuggingFaceTB/SmolLM2-135M-Instruct ')).toEqual({
			kind: 'hub',
			id: 'HuggingFaceTB/SmolLM2-135M-Instruct'
		});
		expect(parseModelInput('https://huggingface.co/onnx-community/Qwen2.5-0.5B-Instruct')).toEqual({
			kind: 'hub',
			id: 'onnx-community/Qwen2.5-0.5B-Instruct',
			revision: undefined
		});
		expect(parseModelInput('http://127.0.0.1:4322/edgewise-tiny/resolve/main/')).toEqual({
			kind: 'url',
			baseUrl: 'http://127.0.0.1:4322/',
			id: 'edgewise-tiny',
			revision: 'main'
		});
	});

	it('takes a .gguf URL outside the Hub layout as that file, not a made-up name (issue 20, finding 2)', () => {
		const source = parseModelInput('http://127.0.0.1:4576/models/x.gguf');
		expect(source).toEqual({ kind: 'file', url: 'http://127.0.0.1:4576/models/x.gguf' });
		expect(ggufFilesFor(source, 'fp32').urls).toEqual(['http://127.0.0.1:4576/models/x.gguf']);
		expect(ggufFilesFor({ kind: 'file', url: 'http://h/m-Q4_0.gguf' }, 'q8').quant).toBe('Q4_0');
		expect(sourceLabel(source)).toBe('x.gguf @ 127.0.0.1:4576');
		// ONNX Runtime cannot run it, and says which runtime can.
		expect(() => resolveSource(source)).toThrow(/llama\.cpp runs it/);
		// A .gguf inside the Hub layout still names its repository and revision.
		expect(parseModelInput('http://h:1/a/b/resolve/main/b-Q8_0.gguf')).toMatchObject({ kind: 'url', id: 'a/b' });
	});

	it('rejects what is neither an id nor a URL, with a message', () => {
		expect(() => parseModelInput('not a model!')).toThrow(/neither a Hub id/);
		expect(() => parseModelInput('http://host/')).toThrow(/Add the model folder/);
	});

	it('resolves each source to where the worker finds its files', () => {
		expect(resolveSource({ kind: 'default' })).toEqual({
			location: { kind: 'app', id: 'stories260k' },
			model: { id: 'stories260k', synthetic: false }
		});
		expect(resolveSource({ kind: 'default', id: 'edgewise-tiny' })).toEqual({
			location: { kind: 'app', id: 'edgewise-tiny' },
			model: { id: 'edgewise-tiny', synthetic: true }
		});
		expect(resolveSource({ kind: 'url', baseUrl: 'http://127.0.0.1:4322/', id: 'm' }).location).toEqual({
			kind: 'hub',
			host: 'http://127.0.0.1:4322/',
			id: 'm',
			revision: 'main'
		});
		const twin = resolveSource({ kind: 'twin', shape: 'smollm2-135m' });
		expect(twin.location).toMatchObject({ kind: 'twin', id: 'twin/smollm2-135m-s1', seed: 1 });
		expect(twin.model.synthetic).toBe(true);
		expect(sourceKey({ kind: 'hub', id: 'a/b' })).toBe('hub:a/b@main');
		expect(sourceKey({ kind: 'default' })).toBe('default:stories260k');
		expect(sourceKey({ kind: 'default', id: 'edgewise-tiny' })).toBe('default:edgewise-tiny');
	});

	it('builds Hub-layout URLs and ONNX file names the way transformers.js requests them', () => {
		expect(hubFileUrl('http://127.0.0.1:4322', 'edgewise-tiny', 'main', 'config.json')).toBe(
			'http://127.0.0.1:4322/edgewise-tiny/resolve/main/config.json'
		);
		expect(onnxFileName('q8')).toBe('onnx/model_quantized.onnx');
		expect(onnxFileName('fp32')).toBe('onnx/model.onnx');
	});

	it('knows, before loading, which sources have a chat template', () => {
		expect(knownChatTemplate({ kind: 'default' })).toBe(false);
		expect(knownChatTemplate({ kind: 'default', id: 'edgewise-tiny' })).toBe(true);
		expect(knownChatTemplate({ kind: 'twin', shape: 'smollm2-135m' })).toBe(true);
		expect(knownChatTemplate({ kind: 'hub', id: 'HuggingFaceTB/SmolLM2-135M-Instruct' })).toBe(true);
		expect(knownChatTemplate({ kind: 'hub', id: 'someone/unknown' })).toBeNull();
	});

	it("gives the built-in default the shape its checkpoint's header says", () => {
		const { shape } = readLlama2cCheckpoint(readFileSync('assets/stories260K/stories260K.bin'), 'stories260k');
		expect(STORIES260K_SHAPE).toEqual(shape);
	});
});
