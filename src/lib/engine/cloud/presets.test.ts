import { describe, expect, it } from 'vitest';
import { PRESETS, presetById, REFERENCE_BASE_URL } from './presets';
import { buildRequestBody } from './wire';
import { retryAfterS } from './http';

describe('presets', () => {
	it('have unique ids and base URLs that end in an OpenAI-style version path', () => {
		expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
		for (const p of PRESETS) {
			expect(() => new URL(p.baseUrl)).not.toThrow();
			expect(p.baseUrl).toMatch(/\/v1$/);
			// Hosted APIs are https; self-hosted servers default to this machine.
			if (p.keyRequired) expect(p.baseUrl).toMatch(/^https:\/\//);
			else expect(new URL(p.baseUrl).hostname).toMatch(/^(localhost|127\.0\.0\.1)$/);
		}
		expect(presetById('edgewise').baseUrl).toBe(REFERENCE_BASE_URL);
		expect(presetById('ollama').baseUrl).toBe('http://localhost:11434/v1');
		expect(presetById('lmstudio').baseUrl).toBe('http://localhost:1234/v1');
	});
});

describe('wire format', () => {
	it('asks for usage in the stream and maps ignoreEos to the fields vLLM, llama.cpp and the reference server read', () => {
		const body = buildRequestBody(
			{ input: { mode: 'completion', prompt: 'x' }, maxNewTokens: 7, temperature: 0, ignoreEos: true, stop: ['\n'] },
			'm',
			true
		);
		expect(body).toEqual({
			model: 'm',
			stream: true,
			max_tokens: 7,
			prompt: 'x',
			temperature: 0,
			stop: ['\n'],
			ignore_eos: true,
			min_tokens: 7,
			stream_options: { include_usage: true }
		});
	});

	it('reads Retry-After as seconds or as an HTTP date', () => {
		expect(retryAfterS('12')).toBe(12);
		expect(retryAfterS(new Date(1_000_000 + 30_000).toUTCString(), 1_000_000)).toBe(30);
		expect(retryAfterS('soon')).toBeNull();
		expect(retryAfterS(null)).toBeNull();
	});
});
