// Any split of a valid SSE byte stream must give the same events and the same result. The bytes reach
// the real CloudEngine through a Response whose body yields exactly the generated pieces (TCP would
// coalesce them); a real-HTTP run below checks the same stream over loopback.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CloudEngine } from '../../src/lib/engine/cloud/cloud-engine';
import type { GenerateRequest } from '../../src/lib/engine/types';
import { readStreamEvents, type StreamEvent } from '../../src/lib/engine/cloud/stream-events';
import { startScripted, sseHead, type ScriptedServer } from './cloud-scripted-server';

const request: GenerateRequest = {
	input: { mode: 'chat', messages: [{ role: 'user', content: 'hi' }] },
	maxNewTokens: 8,
	temperature: 0
};

/** A valid stream in one of the spellings servers use: LF or CRLF, "data:" with or without a space, comments. */
function encodeStream(contents: string[], opts: { crlf: boolean; space: boolean; comments: boolean }): Uint8Array {
	const nl = opts.crlf ? '\r\n' : '\n';
	const field = opts.space ? 'data: ' : 'data:';
	const events = [
		JSON.stringify({ choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] }),
		...contents.map((content) => JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: null }] })),
		JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'length' }] }),
		JSON.stringify({
			choices: [],
			usage: { prompt_tokens: 5, completion_tokens: contents.length },
			edgewise_timings: { prompt_ms: 1.5, decode_tokens_per_s: 99 }
		}),
		'[DONE]'
	];
	const text = events.map((e) => (opts.comments ? `: keep-alive${nl}` : '') + field + e + nl + nl).join('');
	return new TextEncoder().encode(text);
}

function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
	const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
	const pieces: Uint8Array[] = [];
	let from = 0;
	for (const p of [...points, bytes.length]) {
		if (p > from) pieces.push(bytes.slice(from, p));
		from = Math.max(from, p);
	}
	return pieces;
}

function streamOf(pieces: Uint8Array[]): ReadableStream<Uint8Array> {
	let i = 0;
	return new ReadableStream({ pull: (c) => (i < pieces.length ? c.enqueue(pieces[i++]!) : c.close()) });
}

const contentArb = fc.array(
	fc.string({
		unit: fc.constantFrom('a', 'é', '€', '😀', '\n', ' ', '"', '\\', 'data: x', '\r\n\r\n'),
		minLength: 1,
		maxLength: 6
	}),
	{ minLength: 1, maxLength: 12 }
);
const optsArb = fc.record({ crlf: fc.boolean(), space: fc.boolean(), comments: fc.boolean() });

describe('SSE splitting', () => {
	it('any split of the bytes yields the same events', async () => {
		await fc.assert(
			fc.asyncProperty(contentArb, optsArb, fc.array(fc.nat(), { maxLength: 40 }), async (contents, opts, cuts) => {
				const bytes = encodeStream(contents, opts);
				const collect = async (pieces: Uint8Array[]) => {
					const out: StreamEvent[] = [];
					for await (const batch of readStreamEvents(streamOf(pieces))) out.push(...batch.events);
					return out;
				};
				const whole = await collect([bytes]);
				expect(await collect(split(bytes, cuts))).toEqual(whole);
				expect(whole.flatMap((e) => (e !== 'done' && e.content ? [e.content] : []))).toEqual(contents);
			})
		);
	});

	it('any split gives CloudEngine the same text, counts and server timings', async () => {
		await fc.assert(
			fc.asyncProperty(contentArb, optsArb, fc.array(fc.nat(), { maxLength: 40 }), async (contents, opts, cuts) => {
				const bytes = encodeStream(contents, opts);
				const fetchPieces = async () =>
					new Response(streamOf(split(bytes, cuts)), { headers: { 'content-type': 'text/event-stream' } });
				const engine = new CloudEngine({ baseUrl: 'http://scripted.invalid/v1', model: 'm', fetch: fetchPieces });
				const result = await engine.generate(request);
				expect(result.error).toBeUndefined();
				expect(result.text).toBe(contents.join(''));
				expect(result.finishReason).toBe('length');
				expect(result.outputTokens).toBe(contents.length);
				expect(result.tokensSource).toBe('usage');
				expect(result.inputTokens).toBe(5);
				expect(result.arrivalsMs).toHaveLength(contents.length);
				expect(result.serverTimings).toMatchObject({
					source: 'edgewise',
					promptMs: 1.5,
					decodeTokensPerS: 99,
					reportedTokensPerS: 99
				});
			})
		);
	});
});

describe('the same stream over real HTTP', () => {
	let server: ScriptedServer;
	afterAll(() => server?.close());

	it('byte-at-a-time delivery over loopback gives the same result, with the key only in Authorization', async () => {
		const contents = ['Hel', 'lo ', '😀', ' wörld'];
		const bytes = encodeStream(contents, { crlf: false, space: true, comments: true });
		server = await startScripted(async (_req, res) => {
			sseHead(res);
			for (let i = 0; i < bytes.length; i += 7) {
				res.write(bytes.slice(i, i + 7));
				await new Promise((r) => setImmediate(r));
			}
			res.end();
		});
		const tokens: string[] = [];
		const engine = new CloudEngine({ baseUrl: server.baseUrl, model: 'm', apiKey: 'sk-secret-123' });
		const result = await engine.generate(request, { onToken: (e) => tokens.push(e.text) });
		expect(result.text).toBe('Hello 😀 wörld');
		expect(tokens).toEqual(contents);
		const [sent] = server.requests;
		if (!sent) throw new Error('The engine sent no request.');
		expect(sent.url).toBe('/v1/chat/completions');
		expect(sent.headers.authorization).toBe('Bearer sk-secret-123');
		expect(sent.body).not.toContain('sk-secret-123');
		expect(sent.headers['content-type']).toBe('application/json');
		expect(JSON.parse(sent.body)).toMatchObject({
			model: 'm',
			stream: true,
			stream_options: { include_usage: true },
			max_tokens: 8,
			temperature: 0
		});
		expect(JSON.stringify(result)).not.toContain('sk-secret-123');
		expect(JSON.stringify(engine.describe())).not.toContain('sk-secret-123');
		// Arrival times are increasing epoch ms taken as chunks came in.
		for (let i = 1; i < result.arrivalsMs.length; i++)
			expect(result.arrivalsMs[i]).toBeGreaterThanOrEqual(result.arrivalsMs[i - 1]!);
		expect(result.arrivalsMs[0]).toBeGreaterThan(result.requestMs);
	});
});
