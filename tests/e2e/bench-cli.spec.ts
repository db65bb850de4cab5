// `npm run bench` end to end on the default model: the built app in Chromium against the reference
// server; its JSON validates against docs/results-schema.json. And a run whose endpoint refuses every
// request: each error printed, no figures counted, exit 1. (Arguments and exit codes before a browser
// starts: tests/integration/bench-cli.test.ts.)
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import Ajv2020 from 'ajv/dist/2020.js';
import { importJson } from '../../src/lib/bench/export';
import { startScripted, type ScriptedServer } from '../integration/cloud-scripted-server';
import { runBenchCli as runCli } from '../integration/run-bench-cli';

const dirs: string[] = [];
/** A fresh folder for one run's files, removed after the specs. */
async function outDir(): Promise<string> {
	const out = await mkdtemp(join(tmpdir(), 'edgewise-bench-'));
	dirs.push(out);
	return out;
}

test.afterAll(async () => {
	for (const d of dirs) await rm(d, { recursive: true, force: true });
});

test.describe('npm run bench in Chromium', () => {
	test('runs the default model against the reference server and writes schema-valid JSON and an HTML report', async () => {
		test.setTimeout(600_000);
		const out = await outDir();
		const { code, output } = await runCli([
			'--reps',
			'2',
			'--suite',
			'quick',
			'--out',
			out,
			'--profile',
			join(out, 'profile')
		]);
		expect(code, output).toBe(0);
		expect(output).toMatch(/short-8\s+edgewise-tiny/);
		// The on-device engine's memory is printed, the remote one has none.
		expect(output).toMatch(/^Memory edgewise-tiny.*: wasm heap after load \d+(\.\d+)? MiB; /m);
		expect(output.match(/^Memory /gm)).toHaveLength(1);
		const files = (await readdir(out)).filter((f) => f !== 'profile');
		const json = files.find((f) => f.endsWith('.json'))!;
		expect(files).toContain(json.replace(/\.json$/, '.html'));
		const text = await readFile(join(out, json), 'utf8');
		const schema = JSON.parse(await readFile('docs/results-schema.json', 'utf8'));
		const validate = new Ajv2020({ strict: false }).compile(schema);
		expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);

		const [record] = importJson(text);
		if (!record) throw new Error(`${json} holds no results.`);
		expect(record.kind).toBe('benchmark');
		expect(record.engines.map((e) => e.info.kind)).toEqual(['local', 'cloud']);
		expect(record.warmups).toHaveLength(2);
		expect(record.runs).toHaveLength(2 * 2 * 2); // reps x cases x engines
		expect(record.runs.map((r) => r.engineId).slice(0, 4)).toEqual(['local', 'cloud', 'local', 'cloud']);
		expect(record.runs.every((r) => r.metrics !== null)).toBe(true);
		// ignoreEos: both sides produced exactly the asked-for number of tokens
		for (const r of record.runs) expect(r.result.outputTokens).toBe(r.request.maxNewTokens);
		expect(record.device).toMatchObject({
			runtime: 'browser',
			backend: 'wasm',
			crossOriginIsolated: true,
			online: true
		});
		// Break-even needs each side's time per token. A side whose tokens all arrived in one read (the tiny
		// model's 8 tokens can reach the browser in one network read from a fast loopback server) has no
		// measurable decode time: then, and only then, a case has no break-even entry.
		for (const caseId of ['short-8', 'short-32']) {
			const entry = record.breakEven.find((b) => b.caseId === caseId);
			const unmeasurable = ['local', 'cloud'].some((engineId) =>
				record.runs
					.filter((r) => r.caseId === caseId && r.engineId === engineId)
					.every((r) => r.metrics!.tpotMs === null)
			);
			expect(entry !== undefined || unmeasurable, `break-even for ${caseId}`).toBe(true);
		}
	});

	test('--quality with a built-in suite and --quality-file: each engine carries quality, and the same model agrees with itself on the device and the server', async () => {
		test.setTimeout(600_000);
		const out = await outDir();
		const set = join(out, 'mine.jsonl');
		await writeFile(
			set,
			[
				{ prompt: 'Q: What is 2 + 2?\nA:', answer: 4, scorer: 'number', maxNewTokens: 4 },
				{ prompt: 'Pick A, B or C:', answer: 'B', scorer: 'choice', options: 3, maxNewTokens: 2 }
			]
				.map((l) => JSON.stringify(l))
				.join('\n')
		);
		const { code, output } = await runCli([
			'--quality',
			'multiple-choice,agreement',
			'--quality-file',
			set,
			'--engine',
			'local:dtype=q8',
			'--engine',
			'cloud:',
			'--reps',
			'1',
			'--out',
			out,
			'--profile',
			join(out, 'profile')
		]);
		expect(code, output).toBe(0);
		expect(output).toMatch(/^agreement\s+Reference server .*\s16\s+16\s+0\s+100% ±10\s+\[81%, 100%\]/m);
		const json = (await readdir(out)).find((f) => f.endsWith('.json'))!;
		const text = await readFile(join(out, json), 'utf8');
		const validate = new Ajv2020({ strict: false }).compile(
			JSON.parse(await readFile('docs/results-schema.json', 'utf8'))
		);
		expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);
		const [record] = importJson(text);
		expect(record!.quality!.suites.map((s) => s.id)).toEqual(['multiple-choice', 'agreement', 'custom:mine']);
		for (const { quality } of record!.engines) {
			expect(typeof quality!.accuracy).toBe('number');
			expect(quality!.ci95).toHaveLength(2);
			expect(quality!.items).toBe(24 + 2);
			expect(quality!.errors).toBe(0);
		}
		// The reference server runs the first local slot's model and precision: every answer the device's.
		const agreement = record!.engines[1]!.quality!.suites[1]!;
		expect(agreement).toMatchObject({ suite: 'agreement', items: 16, correct: 16, accuracy: 1 });
		expect(record!.engines[1]!.quality!.agreement).toMatchObject({ items: 26, identical: 26, sameVerdict: 26 });
	});

	test('three slots from --engine: two local configurations and the reference server, each recorded and printed', async () => {
		test.setTimeout(600_000);
		const out = await outDir();
		const { code, output } = await runCli([
			'--engine',
			'local:backend=wasm,dtype=q8,threads=2',
			'--engine',
			'local:backend=wasm,dtype=fp32,threads=1',
			'--engine',
			'cloud:',
			'--reps',
			'1',
			'--suite',
			'quick',
			'--out',
			out,
			'--profile',
			join(out, 'profile')
		]);
		expect(code, output).toBe(0);
		const json = (await readdir(out)).find((f) => f.endsWith('.json'));
		if (!json) throw new Error(`No JSON written to ${out}:\n${output}`);
		const [record] = importJson(await readFile(join(out, json), 'utf8'));
		if (!record) throw new Error(`${json} holds no results.`);
		expect(record.engines.map((e) => e.id)).toEqual(['local', 'local-2', 'cloud']);
		const [local, local2, cloud] = record.engines.map((e) => e.info);
		expect([local?.kind, local?.backend, local?.model.dtype, local?.threads]).toEqual(['local', 'wasm', 'q8', 2]);
		expect([local2?.kind, local2?.backend, local2?.model.dtype, local2?.threads]).toEqual(['local', 'wasm', 'fp32', 1]);
		// "cloud:" with no url: the reference server on the first local slot's model.
		expect([cloud?.kind, cloud?.backend, cloud?.model.id]).toEqual(['cloud', 'http', 'edgewise-tiny']);
		expect(record.runs).toHaveLength(1 * 2 * 3); // reps x cases x engines
		expect(record.runs.every((r) => r.metrics !== null)).toBe(true);
		// The two local slots share a label: the table tells them apart by precision, threads and slot id.
		for (const caseId of ['short-8', 'short-32']) {
			expect(output).toMatch(
				new RegExp(`^${caseId}\\s+edgewise-tiny \\(built in\\) · wasm · q8 · 2 threads \\[local\\]\\s+1/1`, 'm')
			);
			expect(output).toMatch(
				new RegExp(`^${caseId}\\s+edgewise-tiny \\(built in\\) · wasm · fp32 · 1 thread \\[local-2\\]\\s+1/1`, 'm')
			);
			expect(output).toMatch(new RegExp(`^${caseId}\\s+Reference server · edgewise-tiny\\s+1/1`, 'm'));
		}
		expect(output).toMatch(/^Memory edgewise-tiny \(built in\) · wasm · q8 · 2 threads \[local\] /m);
		expect(output).toMatch(/^Memory edgewise-tiny \(built in\) · wasm · fp32 · 1 thread \[local-2\] /m);
	});

	test('an endpoint that refuses every run: prints each error, counts no figures, exits 1', async () => {
		test.setTimeout(600_000);
		// A stand-in that answers the browser's CORS preflight and then refuses the key.
		const refusing: ScriptedServer = await startScripted((req, res) => {
			const cors = {
				'access-control-allow-origin': req.headers.origin ?? '*',
				'access-control-allow-headers': 'authorization, content-type',
				'access-control-allow-methods': 'GET, POST'
			};
			if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
			res
				.writeHead(401, { ...cors, 'content-type': 'application/json' })
				.end(JSON.stringify({ error: { message: 'Invalid API key', type: 'invalid_request_error' } }));
		});
		try {
			const out = await outDir();
			const { code, output } = await runCli([
				'--reps',
				'1',
				'--suite',
				'quick',
				'--endpoint',
				refusing.baseUrl,
				'--cloud-model',
				'tiny',
				'--out',
				out,
				'--profile',
				join(out, 'profile')
			]);
			expect(code, output).toBe(1);
			expect(output).toMatch(/short-8\s+Endpoint · tiny\s+0\/1\s+— \[0\/1\]/);
			expect(output).toMatch(
				/Error Endpoint · tiny short-8 rep 1: CloudAuthError: The endpoint refused the request \(401 Unauthorized\).*Invalid API key/
			);
			expect(output).toContain('every run failed for: Endpoint · tiny');
		} finally {
			await refusing.close();
		}
	});
});
