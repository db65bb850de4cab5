// Loopback load test of the reference server, plus CloudEngine's measurement agreement with it.
//   npm run bench:load -- [--duration 8] [--levels 1,4,16] [--json out.json]
// The server runs as its own process (as `npm run cloud` does) with 1 running slot and 4 waiting, so
// concurrency 16 must be shed with 429s rather than queued without bound.
// 1. autocannon at fixed concurrencies for a fixed duration: requests/s (2xx), e2e latency, 429s, errors,
//    and TTFT as the server saw it (queue_ms + prompt_ms from `edgewise_timings`).
// 2. The same concurrencies driven by CloudEngine loops: client-side TTFT p50/p99 under load.
// 3. Sequential greedy requests: CloudEngine's decode tokens/s over the server's own figure (aim: within 3%).
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { makeModel } from '../src/cli/make-model';
import { computeRunMetrics } from '../src/lib/bench/metrics';
import { summarize } from '../src/lib/bench/stats';
import { CloudEngine } from '../src/lib/engine/cloud/cloud-engine';
import { nowMs, type GenerateRequest } from '../src/lib/engine/types';
import { SHAPES } from '../src/lib/models/synthetic/shapes';
import { cliArgsOrExit } from '../src/cli/cli-args';

const values = cliArgsOrExit(
	{
		duration: { type: 'string', default: '8' },
		levels: { type: 'string', default: '1,4,16' },
		json: { type: 'string' },
		port: { type: 'string', default: '4412' }
	},
	"Usage: npm run bench:load -- [options]\nThe reference server under load (autocannon), and CloudEngine's agreement with its own timings."
);
const durationS = Number(values.duration);
const levels = values.levels.split(',').map(Number);
const port = Number(values.port);
const MODEL = 'edgewise-tiny';
const MAX_TOKENS = 32;
const base = `http://127.0.0.1:${port}`;
const body = {
	model: MODEL,
	messages: [{ role: 'user', content: 'Is the edge faster than the cloud?' }],
	max_tokens: MAX_TOKENS,
	temperature: 0,
	ignore_eos: true,
	stream: true,
	stream_options: { include_usage: true }
};
const request: GenerateRequest = {
	input: { mode: 'chat', messages: body.messages as never },
	maxNewTokens: MAX_TOKENS,
	temperature: 0,
	ignoreEos: true
};
const round = (x: number | undefined | null, d = 1) => (x == null ? null : Math.round(x * 10 ** d) / 10 ** d);

async function startServer(modelDir: string) {
	const child = spawn(
		'node_modules/.bin/tsx',
		['src/cli/cloud.ts', '--model', modelDir, '--port', String(port), '--max-concurrent', '1', '--max-queue', '4'],
		{ stdio: ['ignore', 'pipe', 'pipe'] }
	);
	let out = '';
	child.stdout.on('data', (d) => (out += d));
	child.stderr.on('data', (d) => (out += d));
	for (let i = 0; i < 600; i++) {
		if (out.includes('reference server:')) return child;
		if (child.exitCode !== null) break;
		await new Promise((r) => setTimeout(r, 50));
	}
	child.kill();
	throw new Error(`server did not start:\n${out}`);
}

async function autocannonLevel(connections: number) {
	const serverTtftMs: number[] = [];
	const result = await autocannon({
		url: base,
		connections,
		duration: durationS,
		requests: [
			{
				method: 'POST',
				path: '/v1/chat/completions',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
				onResponse: (status: number, text: string) => {
					if (status !== 200) return;
					const timings = /"edgewise_timings":(\{[^}]*\})/.exec(text)?.[1];
					if (timings) {
						const t = JSON.parse(timings) as { queue_ms: number; prompt_ms: number };
						serverTtftMs.push(t.queue_ms + t.prompt_ms);
					}
				}
			}
		]
	});
	const codes = result.statusCodeStats as Record<string, { count: number }>;
	const ok = codes['200']?.count ?? 0;
	const shed = codes['429']?.count ?? 0;
	const ttft = summarize(serverTtftMs);
	return {
		connections,
		okPerS: round(ok / durationS),
		ok,
		shed429: shed,
		errors: result.errors + result.timeouts,
		otherNon2xx: result.non2xx - shed,
		e2eP50Ms: round(result.latency.p50),
		e2eP99Ms: round(result.latency.p99),
		serverTtftP50Ms: round(ttft?.median),
		serverTtftP99Ms: round(ttft?.p99)
	};
}

async function engineLevel(concurrency: number) {
	const ttftMs: number[] = [];
	let ok = 0;
	let shed = 0;
	let errors = 0;
	const endMs = nowMs() + durationS * 1000;
	const worker = async () => {
		const engine = new CloudEngine({ baseUrl: `${base}/v1`, model: MODEL });
		while (nowMs() < endMs) {
			const result = await engine.generate(request);
			if (!result.error) {
				ok++;
				ttftMs.push(computeRunMetrics(result).ttftMs!);
			} else if (result.error.name === 'CloudRateLimitError') {
				shed++;
				await new Promise((r) => setTimeout(r, 20)); // a polite client backs off a little
			} else errors++;
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	const s = summarize(ttftMs);
	return {
		concurrency,
		okPerS: round(ok / durationS),
		shed429: shed,
		errors,
		clientTtftP50Ms: round(s?.median),
		clientTtftP99Ms: round(s?.p99)
	};
}

async function agreement(runs: number, maxNewTokens: number) {
	const engine = new CloudEngine({ baseUrl: `${base}/v1`, model: MODEL });
	const ratios: number[] = [];
	const client: number[] = [];
	const server: number[] = [];
	for (let i = 0; i < runs + 2; i++) {
		const result = await engine.generate({ ...request, maxNewTokens });
		const measured = computeRunMetrics(result).decodeTokensPerS;
		const reported = result.serverTimings?.decodeTokensPerS;
		if (i < 2 || !measured || !reported) continue; // two warm-ups
		client.push(measured);
		server.push(reported);
		ratios.push(measured / reported);
	}
	const r = summarize(ratios)!;
	return {
		runs: ratios.length,
		maxNewTokens,
		clientDecodeTokPerSP50: round(summarize(client)?.median),
		serverDecodeTokPerSP50: round(summarize(server)?.median),
		ratioP50: round(r.median, 4),
		ratioMin: round(r.min, 4),
		ratioMax: round(r.max, 4)
	};
}

const modelDir = `static/models/${MODEL}`;
await makeModel({ shape: SHAPES.tiny, dtypes: ['fp32', 'q8', 'q4'], seed: 1, out: modelDir, ifMissing: true });
const server = await startServer(modelDir);
try {
	await agreement(1, 8); // warm the server up before anything is timed
	const cannon = [];
	const engine = [];
	for (const c of levels) {
		cannon.push(await autocannonLevel(c));
		engine.push(await engineLevel(c));
	}
	const agree = await agreement(20, 128);
	const report = {
		date: new Date().toISOString(),
		durationS,
		maxTokens: MAX_TOKENS,
		server: { maxConcurrent: 1, maxQueue: 4, model: MODEL, dtype: 'fp32' },
		autocannon: cannon,
		cloudEngine: engine,
		agreement: agree
	};
	console.log('\nautocannon (streamed chat, 32 tokens, greedy)');
	console.table(cannon);
	console.log('CloudEngine clients (back off 20 ms after a 429)');
	console.table(engine);
	console.log('CloudEngine decode tok/s / server-reported decode tok/s (128 tokens, sequential)');
	console.table([agree]);
	if (values.json) await writeFile(values.json, JSON.stringify(report, null, 2));
} finally {
	server.kill('SIGTERM');
}
