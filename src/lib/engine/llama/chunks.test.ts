import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chunkParts, quantName, toServerTimings } from './chunks';
import { explainLlamaError, LlamaInvalidUtf8Error } from './errors';
import { WLLAMA_VERSION } from './llama-files';

describe('llama.cpp chunks', () => {
	it('reads text and token ids from completion and chat chunks', () => {
		expect(chunkParts({ choices: [{ text: 'Hi', logprobs: { content: [{ id: 42 }] } }] })).toEqual({
			text: 'Hi',
			tokenIds: [42]
		});
		expect(chunkParts({ choices: [{ delta: { content: ' there' } }] })).toEqual({ text: ' there', tokenIds: [] });
		expect(chunkParts({ choices: [{ delta: { content: null }, finish_reason: 'stop' }] })).toEqual({
			text: '',
			tokenIds: []
		});
		expect(chunkParts({})).toEqual({ text: '', tokenIds: [] });
	});

	it('keeps llama.cpp timings as server timings', () => {
		const timings = { prompt_n: 7, prompt_ms: 12.5, predicted_n: 16, predicted_ms: 200, predicted_per_second: 80 };
		expect(toServerTimings(timings)).toEqual({ promptMs: 12.5, decodeTokensPerS: 80 });
		expect(toServerTimings(undefined)).toBeUndefined();
	});

	it('names the quant from general.file_type', () => {
		expect(quantName('0')).toBe('F32');
		expect(quantName('2')).toBe('Q4_0');
		expect(quantName(7)).toBe('Q8_0');
		expect(quantName('15')).toBe('Q4_K_M');
		expect(quantName('99')).toBe('file type 99');
		expect(quantName(undefined)).toBe('unknown');
	});
});

describe('llama.cpp errors', () => {
	it('turns the invalid UTF-8 failure into a clear error, from the message or from the log', () => {
		expect(
			explainLlamaError(new Error('[json.exception.type_error.316] invalid UTF-8 byte at index 0: 0x80'))
		).toBeInstanceOf(LlamaInvalidUtf8Error);
		const fromLog = explainLlamaError(new Error('RuntimeError: Invalid typed array length: 1163217991'), [
			'[json.exception.type_error.316] invalid UTF-8 byte at index 0: 0x80'
		]);
		expect(fromLog.name).toBe('LlamaInvalidUtf8Error');
		expect(fromLog.message).toMatch(/not valid UTF-8 on its own.*load it again/);
		const other = new Error('kv cache full');
		expect(explainLlamaError(other, ['something else'])).toBe(other);
	});
});

it('WLLAMA_VERSION is the pinned @wllama/wllama', () => {
	const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
	const installed = JSON.parse(readFileSync('node_modules/@wllama/wllama/package.json', 'utf8'));
	expect(pkg.dependencies['@wllama/wllama']).toBe(WLLAMA_VERSION);
	expect(installed.version).toBe(WLLAMA_VERSION);
});
