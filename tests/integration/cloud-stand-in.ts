// A stand-in OpenAI-compatible server over real HTTP whose stream timing is under the test's control.
// The model name picks the behaviour, so one server serves every case, and a browser (the bench CLI)
// can use it too: "<mode>" or "<mode>:<tokens>:<gapMs>".
// - steady: one token every gapMs, each written as it is produced.
// - burst: tokens produced on schedule, but the first half held back and written at once.
// - late-first: the first chunk held 150 ms (a proxy or a slow start); what queued behind it comes with it
//   (a stream keeps its order), the rest on schedule.
// - killed: the connection destroyed after half the tokens.
// - never: headers never sent.
// - html: a web page where the stream should be.
// The final chunk carries llama.cpp-style `timings` from the stand-in's own production times, so client
// and server figures can be compared. Run it alone with `npx tsx tests/integration/cloud-stand-in.ts --port N`.
import type { ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { chatChunk, sleep, startScripted, type RecordedRequest, type ScriptedServer } from './cloud-scripted-server';

export type StandInMode = 'steady' | 'burst' | 'late-first' | 'killed' | 'never' | 'html';
export const LATE_FIRST_MS = 150;

export function standInModel(mode: StandInMode, tokens = 32, gapMs = 10): string {
	return `${mode}:${tokens}:${gapMs}`;
}

function parseModel(model: unknown): { mode: StandInMode; tokens: number; gapMs: number } {
	const [mode = 'steady', tokens = '32', gap = '10'] = String(model ?? '').split(':');
	return {
		mode: mode as StandInMode,
		tokens: Math.max(2, Number(tokens) || 32),
		gapMs: Math.max(0, Number(gap) || 10)
	};
}

const cors = (req: RecordedRequest) => ({
	'access-control-allow-origin': (req.headers.origin as string | undefined) ?? '*',
	'access-control-allow-headers': 'authorization, content-type',
	'access-control-allow-methods': 'GET, POST'
});

async function answer(req: RecordedRequest, res: ServerResponse): Promise<void> {
	if (req.method === 'OPTIONS') return void res.writeHead(204, cors(req)).end();
	if (!req.url.startsWith('/v1/')) {
		// What a server answers off its API path, mentioning "model" as real 404 pages do.
		res.writeHead(404, { ...cors(req), 'content-type': 'application/json' });
		return void res.end(
			JSON.stringify({ error: { message: `Route ${req.method}:${req.url} not found (model API is under /v1)` } })
		);
	}
	if (req.url === '/v1/models') {
		res.writeHead(200, { ...cors(req), 'content-type': 'application/json' });
		return void res.end(
			JSON.stringify({
				object: 'list',
				data: (['steady', 'burst', 'late-first', 'killed', 'never', 'html'] as const).map((m) => ({
					id: standInModel(m)
				}))
			})
		);
	}
	const body = JSON.parse(req.body || '{}') as { model?: string; max_tokens?: number };
	const { mode, tokens: asked, gapMs } = parseModel(body.model);
	const tokens = Math.min(asked, body.max_tokens ?? asked);
	if (mode === 'never') return new Promise(() => undefined);
	if (mode === 'html')
		return void res
			.writeHead(200, { ...cors(req), 'content-type': 'text/html' })
			.end('<!doctype html><html><body>Sign in</body></html>');
	res.writeHead(200, { ...cors(req), 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
	res.flushHeaders();
	const produced: number[] = [];
	let held = '';
	const start = performance.now();
	for (let i = 0; i < tokens; i++) {
		// Produce on schedule (absolute, so the server's own span is what it claims).
		const due = start + i * gapMs;
		const wait = due - performance.now();
		if (wait > 0) await sleep(wait);
		produced.push(performance.now());
		const chunk = chatChunk(`t${i} `);
		if (mode === 'killed' && i === Math.floor(tokens / 2)) return void res.socket?.destroy();
		const holding =
			mode === 'burst' ? i < tokens / 2 : mode === 'late-first' && performance.now() - start < LATE_FIRST_MS;
		if (holding) {
			held += chunk;
			continue;
		}
		if (held) {
			res.write(held);
			held = '';
		}
		res.write(chunk);
	}
	if (held) res.write(held);
	const predictedMs = (produced.at(-1) ?? 0) - (produced[0] ?? 0);
	const timings = {
		prompt_n: 5,
		prompt_ms: 1,
		predicted_n: tokens,
		predicted_ms: predictedMs,
		predicted_per_second: predictedMs > 0 ? (1000 * tokens) / predictedMs : 0
	};
	res.write(
		`data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'length' }], usage: { prompt_tokens: 5, completion_tokens: tokens }, timings })}\n\n`
	);
	res.end('data: [DONE]\n\n');
}

export function startStandIn(port = 0): Promise<ScriptedServer> {
	return startScripted(answer, port);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const port = Number(process.argv[process.argv.indexOf('--port') + 1]) || 0;
	const { createServer } = await import('node:http');
	const server = createServer(async (req, res) => {
		let body = '';
		for await (const chunk of req) body += chunk;
		await answer({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body }, res).catch(() =>
			res.destroy()
		);
	});
	server.listen(port, '127.0.0.1', () => console.log(`stand-in: http://127.0.0.1:${port}/v1`));
}
