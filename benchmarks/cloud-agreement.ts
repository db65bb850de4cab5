// npx tsx benchmarks/cloud-agreement.ts [--runs 20] [--tokens 32] [--gap-ms 10]
// npx tsx benchmarks/cloud-agreement.ts --from-json bench-results/<time>.json
// Client / server decode agreement: CloudEngine's decode figure, (n - 1) / (t_last - t_first) from the
// arrival times it stamps, over the server's own figure by the same definition (ServerTimings). Node side:
// CloudEngine in this process against (1) the reference server on the default model, in its own process
// (`npm run cloud`, as people run it; in-process it would share this event loop with the reader) and
// (2) the stand-in's steady stream, after one warm-up each. Browser side: pass the JSON that `npm run bench` wrote; its cloud runs of >= --tokens are read.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { importJson } from '../src/lib/bench/export';
import { computeRunMetrics } from '../src/lib/bench/metrics';
import { CloudEngine } from '../src/lib/engine/cloud/cloud-engine';
import type { GenerateRequest } from '../src/lib/engine/types';
import { spawn } from 'node:child_process';
import { standInModel, startStandIn } from '../tests/integration/cloud-stand-in';

const { values } = parseArgs({
	options: {
		runs: { type: 'string', default: '20' },
		tokens: { type: 'string', default: '32' },
		'gap-ms': { type: 'string', default: '10' },
		'from-json': { type: 'string' }
	}
});
const runs = Number(values.runs);
const tokens = Number(values.tokens);

function report(label: string, agreements: number[]): void {
	const sorted = [...agreements].sort((a, b) => a - b);
	const median = sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN;
	const worst = agreements.reduce((w, v) => (Math.abs(v - 1) > Math.abs(w - 1) ? v : w), 1);
	const within3 = agreements.filter((a) => Math.abs(a - 1) <= 0.03).length;
	console.log(
		`| ${label} | ${agreements.length} | ${median.toFixed(4)} | ${worst.toFixed(4)} | ${sorted[0]?.toFixed(4)}–${sorted.at(-1)?.toFixed(4)} | ${within3}/${agreements.length} |`
	);
}

async function nodeAgreement(baseUrl: string, model: string, ignoreEos: boolean): Promise<number[]> {
	const engine = new CloudEngine({ baseUrl, model });
	const request: GenerateRequest = {
		input: { mode: 'chat', messages: [{ role: 'user', content: 'Tell me a story about the sea.' }] },
		maxNewTokens: tokens,
		temperature: 0,
		ignoreEos
	};
	await engine.generate(request);
	const out: number[] = [];
	for (let i = 0; i < runs; i++) {
		const result = await engine.generate(request);
		const a = computeRunMetrics(result).decodeAgreement;
		if (result.error) throw new Error(`${result.error.name}: ${result.error.message}`);
		if (typeof a === 'number') out.push(a);
		else
			console.warn(
				`run ${i}: no agreement figure (${result.outputTokens} tokens, ${result.serverTimings ? 'server timings' : 'no server timings'})`
			);
	}
	return out;
}

console.log('| against | runs | median client/server | worst | range | within 3% |');
console.log('|---|---|---|---|---|---|');
if (values['from-json']) {
	const [record] = importJson(readFileSync(values['from-json'], 'utf8'));
	if (!record) throw new Error(`${values['from-json']} holds no results.`);
	const cloud = record.runs.filter(
		(r) =>
			!r.warmup &&
			r.result.outputTokens >= tokens &&
			record.engines.find((e) => e.id === r.engineId)?.info.kind === 'cloud'
	);
	report(
		`browser: ${record.engines.find((e) => e.info.kind === 'cloud')?.info.label}`,
		cloud.flatMap((r) => (typeof r.metrics?.decodeAgreement === 'number' ? [r.metrics.decodeAgreement] : []))
	);
} else {
	const reference = spawn(
		'node_modules/.bin/tsx',
		['src/cli/cloud.ts', '--model', join('static', 'models', 'edgewise-tiny'), '--port', '0'],
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
	try {
		if (!baseUrl) throw new Error(`the reference server did not start:\n${output}`);
		report(
			`Node: reference server (own process), ${tokens} tokens`,
			await nodeAgreement(baseUrl, 'edgewise-tiny', true)
		);
	} finally {
		reference.kill('SIGTERM');
	}
	const standIn = await startStandIn();
	try {
		report(
			`Node: stand-in steady, ${tokens} tokens every ${values['gap-ms']} ms`,
			await nodeAgreement(standIn.baseUrl, standInModel('steady', tokens, Number(values['gap-ms'])), false)
		);
	} finally {
		await standIn.close();
	}
}
