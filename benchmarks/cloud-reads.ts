// npx tsx benchmarks/cloud-reads.ts [--runs 10] [--tokens 64] [--busy 0] [--chat]
// How the reference server's stream reaches a reader: per 64-token stream, the SSE events the server
// wrote, the network reads that carried them and the client / server decode ratio, read by (1) Node's fetch
// in this process and (2) Chromium's fetch in a dedicated worker, as the app's cloud worker reads it
// (`body.getReader()`, one stamp per read), and on the page's main thread. The reference server runs in its
// own process on the default model, as `npm run cloud` runs it. --busy N keeps N more workers in the page
// spinning while Chromium reads (as a local engine running at the same time does).
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { QUIET_CHROMIUM_ARGS } from '../scripts/chromium-flags';

const { values } = parseArgs({
	options: {
		runs: { type: 'string', default: '10' },
		tokens: { type: 'string', default: '64' },
		busy: { type: 'string', default: '0' },
		chat: { type: 'boolean', default: false }
	}
});
const runs = Number(values.runs);
const busy = Number(values.busy);
const tokens = Number(values.tokens);

/** One stream read end to end; runs in Node and, as source text, in the browser. */
async function readOnce(baseUrl: string, maxTokens: number, chat: boolean) {
	const t0 = performance.now();
	const prompt = 'Tell me a story about the sea.';
	const res = await fetch(`${baseUrl}/${chat ? 'chat/completions' : 'completions'}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			model: 'edgewise-tiny',
			...(chat ? { messages: [{ role: 'user', content: prompt }] } : { prompt }),
			max_tokens: maxTokens,
			temperature: 0,
			ignore_eos: true,
			stream: true,
			stream_options: { include_usage: true }
		})
	});
	const reader = res.body!.getReader();
	const decoder = new TextDecoder();
	let pending = '';
	let reads = 0;
	let contentReads = 0;
	let events = 0;
	let firstReadEvents = 0;
	const stamps: number[] = [];
	let server: number | null = null;
	let completion = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		const t = performance.now();
		reads++;
		pending += decoder.decode(value, { stream: true });
		const parts = pending.split('\n\n');
		pending = parts.pop() ?? '';
		let content = false;
		for (const part of parts) {
			const data = part.replace(/^data: /, '');
			if (data === '[DONE]') continue;
			const json = JSON.parse(data);
			if (json.choices?.[0]?.text || json.choices?.[0]?.delta?.content) {
				events++;
				if (contentReads === 0) firstReadEvents++;
				content = true;
			}
			server = json.edgewise_timings?.decode_tokens_per_s ?? server;
			completion = json.usage?.completion_tokens ?? completion;
		}
		if (content) {
			contentReads++;
			stamps.push(t);
		}
	}
	const span = (stamps.at(-1) ?? 0) - (stamps[0] ?? 0);
	const client = span > 0 ? ((completion - 1) * 1000) / span : null;
	return { ms: performance.now() - t0, reads, contentReads, events, firstReadEvents, completion, server, client };
}
type Outcome = Awaited<ReturnType<typeof readOnce>>;

function summary(label: string, xs: Outcome[]): string {
	const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)] ?? NaN;
	const ratios = xs.map((x) => (x.client && x.server ? x.client / x.server : Infinity));
	return `| ${label} | ${xs.length} | ${med(xs.map((x) => x.completion))} | ${med(xs.map((x) => x.events))} | ${med(xs.map((x) => x.contentReads))} (${Math.min(...xs.map((x) => x.contentReads))}–${Math.max(...xs.map((x) => x.contentReads))}) | ${med(xs.map((x) => x.firstReadEvents))} | ${med(xs.map((x) => x.server ?? NaN)).toFixed(0)} | ${med(ratios).toFixed(2)} | ${ratios.filter((r) => Math.abs(r - 1) > 0.1).length}/${xs.length} |`;
}

const reference = spawn(
	'node_modules/.bin/tsx',
	['src/cli/cloud.ts', '--model', process.env.MODEL_DIR ?? join('static', 'models', 'edgewise-tiny'), '--port', '0'],
	{ stdio: ['ignore', 'pipe', 'pipe'] }
);
let output = '';
reference.stdout!.on('data', (d) => (output += d));
reference.stderr!.on('data', (d) => (output += d));
let baseUrl = '';
for (let i = 0; i < 1200 && !baseUrl; i++) {
	baseUrl = /reference server: (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(output)?.[1] ?? '';
	await new Promise((r) => setTimeout(r, 50));
}
// A page on another loopback port (the server's CORS policy lets loopback origins call it).
const page = `<!doctype html><script>const readOnce = ${readOnce.toString()};
const workerSource = 'const readOnce = ' + readOnce.toString() + '; onmessage = async (e) => { const out = []; for (let i = 0; i < e.data.runs; i++) out.push(await readOnce(e.data.baseUrl, e.data.tokens, e.data.chat)); postMessage(out); };';
window.inWorker = (args) => new Promise((resolve) => { const w = new Worker(URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }))); w.onmessage = (e) => resolve(e.data); w.postMessage(args); });
window.spin = (n) => { for (let i = 0; i < n; i++) new Worker(URL.createObjectURL(new Blob(['for (;;) {}'], { type: 'text/javascript' }))); };
window.inPage = async (args) => { const out = []; for (let i = 0; i < args.runs; i++) out.push(await readOnce(args.baseUrl, args.tokens, args.chat)); return out; };
</script>`;
const host = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: QUIET_CHROMIUM_ARGS
});
try {
	if (!baseUrl) throw new Error(`the reference server did not start:\n${output}`);
	const args = { baseUrl, runs, tokens, chat: values.chat };
	await readOnce(baseUrl, tokens, values.chat);
	const node: Outcome[] = [];
	for (let i = 0; i < runs; i++) node.push(await readOnce(baseUrl, tokens, values.chat));
	const tab = await browser.newPage();
	const address = host.address();
	await tab.goto(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`);
	if (busy) await tab.evaluate((n) => (window as unknown as { spin: (n: number) => void }).spin(n), busy);
	await tab.evaluate(
		(a) => (window as unknown as { inWorker: (x: unknown) => Promise<unknown> }).inWorker({ ...a, runs: 1 }),
		args
	);
	const worker = (await tab.evaluate(
		(a) => (window as unknown as { inWorker: (x: unknown) => Promise<unknown> }).inWorker(a),
		args
	)) as Outcome[];
	const main = (await tab.evaluate(
		(a) => (window as unknown as { inPage: (x: unknown) => Promise<unknown> }).inPage(a),
		args
	)) as Outcome[];
	console.log(
		'| reader | runs | tokens | content events | reads with content: median (range) | events in the first read | server tok/s | client/server | outside ±10% |'
	);
	console.log('|---|---|---|---|---|---|---|---|---|');
	console.log(summary('Node fetch', node));
	console.log(summary('Chromium, dedicated worker', worker));
	console.log(summary('Chromium, main thread', main));
} finally {
	await browser.close();
	host.close();
	reference.kill('SIGTERM');
}
