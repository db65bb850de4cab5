import { describe, expect, it } from 'vitest';
import {
	EDGEWISE_USAGE_CHUNK,
	LLAMA_CPP_JSON_ANSWER,
	LLAMA_CPP_STREAM_FINAL,
	OLLAMA_USAGE_CHUNK,
	VLLM_USAGE_CHUNK
} from './fixtures/server-final-chunks';
import { mergeServerTimings, parseServerTimings } from './server-timings';
import { parseChunk } from './wire';

describe('server timings from each server', () => {
	it("llama.cpp: keeps its own n / span figure and aligns decode to Edgewise's (n - 1) / span", () => {
		const t = parseServerTimings(LLAMA_CPP_STREAM_FINAL)!;
		expect(t).toMatchObject({
			source: 'llama.cpp',
			promptMs: 1.21,
			promptTokens: 9,
			decodeTokens: 32,
			decodeMs: 54.982,
			reportedTokensPerS: 582.008657
		});
		expect(t.reportedDefinition).toMatch(/predicted_n \/ predicted_ms/);
		// 31 tokens over 54.982 ms: 3% below the server's 582, from the definitions alone.
		expect(t.decodeTokensPerS).toBeCloseTo(563.82, 2);
		expect(t.decodeTokensPerS! / t.reportedTokensPerS!).toBeCloseTo(31 / 32, 6);
		expect(parseServerTimings(LLAMA_CPP_JSON_ANSWER)).toMatchObject({
			source: 'llama.cpp',
			decodeTokens: 8,
			decodeTokensPerS: 500
		});
	});

	it('reaches the stream reader through parseChunk', () => {
		expect(parseChunk(LLAMA_CPP_STREAM_FINAL)?.timings?.source).toBe('llama.cpp');
		expect(parseChunk(OLLAMA_USAGE_CHUNK)?.timings).toBeNull();
	});

	it('vLLM: generation_time_ms is first to last token; tokens_per_second (prefill included) is kept apart', () => {
		const t = parseServerTimings(VLLM_USAGE_CHUNK)!;
		expect(t).toMatchObject({
			source: 'vllm',
			promptMs: 85.2,
			decodeTokens: 128,
			decodeMs: 1240.5,
			reportedTokensPerS: 103.2
		});
		expect(t.decodeTokensPerS).toBeCloseTo((127 * 1000) / 1240.5, 6);
		expect(t.reportedDefinition).toMatch(/prefill included/);
	});

	it('Edgewise: its figure already has the (n - 1) definition', () => {
		expect(parseServerTimings(EDGEWISE_USAGE_CHUNK)).toMatchObject({
			source: 'edgewise',
			promptMs: 3.2,
			decodeTokens: 32,
			decodeTokensPerS: 640.5,
			reportedTokensPerS: 640.5
		});
		expect(parseServerTimings(EDGEWISE_USAGE_CHUNK)!.decodeMs).toBeCloseTo((31 * 1000) / 640.5, 6);
	});

	it('nothing from servers that send none, or from malformed fields', () => {
		expect(parseServerTimings(OLLAMA_USAGE_CHUNK)).toBeNull();
		expect(parseServerTimings({ timings: { predicted_n: 'many' } })).toBeNull();
		expect(parseServerTimings({ metrics: { tokens_per_second: 5 } })).toBeNull();
		expect(parseServerTimings(null)).toBeNull();
	});

	it('a later chunk of the same server completes an earlier one; another server replaces it', () => {
		const a = parseServerTimings({ edgewise_timings: { prompt_ms: 2, decode_tokens_per_s: 100 } })!;
		expect(mergeServerTimings(a, parseServerTimings(EDGEWISE_USAGE_CHUNK))).toMatchObject({
			promptMs: 3.2,
			decodeTokens: 32
		});
		expect(mergeServerTimings(a, null)).toBe(a);
		expect(mergeServerTimings(a, parseServerTimings(LLAMA_CPP_STREAM_FINAL))?.source).toBe('llama.cpp');
	});
});
