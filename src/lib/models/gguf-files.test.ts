import { describe, expect, it } from 'vitest';
import { CATALOG } from './catalog';
import {
	conventionalGgufName,
	ggufFilesFor,
	ggufParts,
	GgufNotListedError,
	NoGgufForDtypeError,
	quantInFileName,
	TwinHasNoGgufError
} from './gguf-files';
import { InvalidModelSourceError, parseModelInput, sourceKey } from './sources';

describe('GGUF files for a model source', () => {
	it('serves the built-in models from the app, one file per precision', () => {
		expect(ggufFilesFor({ kind: 'default' }, 'q4')).toEqual({
			urls: ['/models/stories260k/model-q4_0.gguf'],
			model: { id: 'stories260k', synthetic: false },
			quant: 'Q4_0'
		});
		expect(ggufFilesFor({ kind: 'default' }, 'q8').urls).toEqual(['/models/stories260k/model-q8_0.gguf']);
		expect(ggufFilesFor({ kind: 'default', id: 'edgewise-tiny' }, 'q4')).toEqual({
			urls: ['/models/edgewise-tiny/model-q4_0.gguf'],
			model: { id: 'edgewise-tiny', synthetic: true },
			quant: 'Q4_0'
		});
		expect(ggufFilesFor({ kind: 'default', id: 'edgewise-tiny' }, 'fp32')).toMatchObject({
			urls: ['/models/edgewise-tiny/model-f32.gguf'],
			quant: 'F32'
		});
	});

	it('names the precisions that have no GGUF, and twins, with what to do instead', () => {
		for (const dtype of ['q4f16', 'fp16', 'int8']) {
			expect(() => ggufFilesFor({ kind: 'default' }, dtype)).toThrow(NoGgufForDtypeError);
			expect(() => ggufFilesFor({ kind: 'default' }, dtype)).toThrow(/fp32 \(F32\), q8 \(Q8_0\) or q4 \(Q4_0\)/);
		}
		expect(() => ggufFilesFor({ kind: 'twin', shape: 'smollm2-135m' }, 'q8')).toThrow(TwinHasNoGgufError);
		expect(() => ggufFilesFor({ kind: 'hub', id: 'not an id' }, 'q8')).toThrow(InvalidModelSourceError);
	});

	it("takes a catalog model's file from its GGUF repository, with the size its Hub page gives", () => {
		const { urls, model, quant } = ggufFilesFor({ kind: 'hub', id: 'HuggingFaceTB/SmolLM2-360M-Instruct' }, 'q4');
		expect(urls).toEqual([
			'https://huggingface.co/bartowski/SmolLM2-360M-Instruct-GGUF/resolve/main/SmolLM2-360M-Instruct-Q4_0.gguf'
		]);
		expect(model).toEqual({ id: 'bartowski/SmolLM2-360M-Instruct-GGUF', revision: 'main', bytes: 230e6 });
		expect(quant).toBe('Q4_0');
		// The GGUF repository's own id finds the same entry.
		expect(ggufFilesFor({ kind: 'hub', id: 'bartowski/SmolLM2-360M-Instruct-GGUF' }, 'q8').urls).toEqual([
			'https://huggingface.co/bartowski/SmolLM2-360M-Instruct-GGUF/resolve/main/SmolLM2-360M-Instruct-Q8_0.gguf'
		]);
		expect(() => ggufFilesFor({ kind: 'hub', id: 'HuggingFaceTB/SmolLM2-135M-Instruct' }, 'q4')).toThrow(
			GgufNotListedError
		);
	});

	it('every catalog GGUF names a .gguf file whose quant matches its precision, and cites its page', () => {
		const quants = { fp32: 'F32', q8: 'Q8_0', q4: 'Q4_0' };
		for (const entry of CATALOG)
			for (const [dtype, gguf] of Object.entries(entry.gguf ?? {})) {
				expect(quantInFileName(gguf.file)).toBe(quants[dtype as keyof typeof quants]);
				expect(gguf.source).toMatch(new RegExp(`^https://huggingface\\.co/${gguf.repo}/tree/`));
				expect(gguf.downloadMb).toBeGreaterThan(0);
			}
	});

	it("uses the Hub's usual file name for a repository the catalog does not know", () => {
		expect(conventionalGgufName('someone/Tiny-Chat-GGUF', 'Q8_0')).toBe('Tiny-Chat-Q8_0.gguf');
		expect(conventionalGgufName('someone/tiny-chat', 'Q4_0')).toBe('tiny-chat-Q4_0.gguf');
		expect(ggufFilesFor({ kind: 'hub', id: 'someone/Tiny-Chat-GGUF', revision: 'v2' }, 'q8')).toEqual({
			urls: ['https://huggingface.co/someone/Tiny-Chat-GGUF/resolve/v2/Tiny-Chat-Q8_0.gguf'],
			model: { id: 'someone/Tiny-Chat-GGUF', revision: 'v2' },
			quant: 'Q8_0'
		});
		expect(ggufFilesFor({ kind: 'url', baseUrl: 'http://127.0.0.1:4322/', id: 'edgewise-tiny' }, 'q4')).toMatchObject({
			urls: ['http://127.0.0.1:4322/edgewise-tiny/resolve/main/edgewise-tiny-Q4_0.gguf'],
			model: { id: 'http://127.0.0.1:4322/edgewise-tiny', revision: 'main' }
		});
	});

	it('loads a file named explicitly, even for a catalog model, and reads its quant from the name', () => {
		const named = ggufFilesFor(
			{ kind: 'hub', id: 'HuggingFaceTB/SmolLM2-360M-Instruct', file: 'smollm2-360m-instruct-q4_k_m.gguf' },
			'q4'
		);
		expect(named.urls).toEqual([
			'https://huggingface.co/HuggingFaceTB/SmolLM2-360M-Instruct/resolve/main/smollm2-360m-instruct-q4_k_m.gguf'
		]);
		expect(named.quant).toBe('Q4_K_M');
		const local = ggufFilesFor(
			{ kind: 'url', baseUrl: 'http://127.0.0.1:4322/', id: 'edgewise-tiny', file: 'model-q8_0.gguf' },
			'q8'
		);
		expect(local.urls).toEqual(['http://127.0.0.1:4322/edgewise-tiny/resolve/main/model-q8_0.gguf']);
		expect(local.quant).toBe('Q8_0');
	});

	it('lists every part of a split file, in order', () => {
		expect(ggufParts('big-Q8_0-00001-of-00003.gguf')).toEqual([
			'big-Q8_0-00001-of-00003.gguf',
			'big-Q8_0-00002-of-00003.gguf',
			'big-Q8_0-00003-of-00003.gguf'
		]);
		expect(ggufParts('one.gguf')).toEqual(['one.gguf']);
		const { urls, quant } = ggufFilesFor(
			{ kind: 'hub', id: 'Qwen/Qwen2.5-7B-Instruct-GGUF', file: 'qwen2.5-7b-instruct-q8_0-00001-of-00003.gguf' },
			'q8'
		);
		expect(urls).toHaveLength(3);
		expect(urls[2]).toBe(
			'https://huggingface.co/Qwen/Qwen2.5-7B-Instruct-GGUF/resolve/main/qwen2.5-7b-instruct-q8_0-00003-of-00003.gguf'
		);
		expect(quant).toBe('Q8_0');
	});

	it('reads a pasted GGUF file URL (resolve or blob) into a source that names the file', () => {
		const source = parseModelInput(
			'https://huggingface.co/bartowski/SmolLM2-360M-Instruct-GGUF/blob/main/SmolLM2-360M-Instruct-Q4_0.gguf'
		);
		expect(source).toEqual({
			kind: 'hub',
			id: 'bartowski/SmolLM2-360M-Instruct-GGUF',
			revision: 'main',
			file: 'SmolLM2-360M-Instruct-Q4_0.gguf'
		});
		expect(parseModelInput('http://127.0.0.1:4322/edgewise-tiny/resolve/main/model-q4_0.gguf')).toEqual({
			kind: 'url',
			baseUrl: 'http://127.0.0.1:4322/',
			id: 'edgewise-tiny',
			revision: 'main',
			file: 'model-q4_0.gguf'
		});
		// A named file is another selection; a source without one keeps the key stored selections have.
		expect(sourceKey(source)).toBe('hub:bartowski/SmolLM2-360M-Instruct-GGUF@main#SmolLM2-360M-Instruct-Q4_0.gguf');
		expect(sourceKey({ kind: 'hub', id: 'a/b' })).toBe('hub:a/b@main');
	});
});
