// `npm run bench` end to end on the default model: the built app in Chromium against the reference
// server; its JSON validates against docs/results-schema.json. Also: clear failures, non-zero exits.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { importJson } from '../../src/lib/bench/export';
import { startScripted, type ScriptedServer } from './cloud-scripted-server';

function runCli(args: string[]): Promise<{ code: number | null; output: string }> {
	return new Promise((resolve) => {
		const child = spawn('node_modules/.bin/tsx', ['src/cli/bench.ts', ...args], {
			env: { ...process.env, EDGEWISE_API_KEY: '' }
		});
		let output = '';
		child.stdout.on('data', (d) => (output += d));
		child.stderr.on('data', (d) => (output += d));
		child.on('exit', (code) => resolve({ code, output }));
	});
}

const dirs: string[] = [];
afterAll(async () => {
	for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('npm run bench', () => {
	it('exits 2 and says what to do when Chromium is missing', async () => {
		const { code, output } = await runCli(['--chromium', '/nonexistent/chromium']);
		expect(code).toBe(2);
		expect(output).toContain('No Chromium at /nonexistent/chromium');
	});

	it('exits 2 and says so when the endpoint does not answer', async () => {
		const { code, output } = await runCli(['--endpoint', 'http://127.0.0.1:9/v1']);
		expect(code).toBe(2);
		expect(output).toMatch(/endpoint http:\/\/127\.0\.0\.1:9\/v1 does not answer/);
	});

	it('--help prints usage and exits 0; an unknown flag is one line and exit 2', async () => {
		const help = await runCli(['--help']);
		expect(help.code).toBe(0);
		expect(help.output).toMatch(/^Usage: npm run bench/);
		const unknown = await runCli(['--frobnicate']);
		expect(unknown.code).toBe(2);
		expect(unknown.output.trim()).toBe("Unknown option '--frobnicate'. Run with --help for the options.");
	});

	it('exits 2 on bad arguments, with usage', async () => {
		const { code, output } = await runCli(['--backend', 'cuda']);
		expect(code).toBe(2);
		expect(output).toContain('--backend must be wasm, webgpu or auto');
	});

	it.runIf(existsSync('/usr/bin/chromium'))(
		'runs the default model against the reference server and writes schema-valid JSON and an HTML report',
		async () => {
			const out = await mkdtemp(join(tmpdir(), 'edgewise-bench-'));
			dirs.push(out);
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
		},
		900_000
	);

	it.runIf(existsSync('/usr/bin/chromium'))(
		'an endpoint that refuses every run: prints each error, counts no figures, exits 1',
		async () => {
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
				const out = await mkdtemp(join(tmpdir(), 'edgewise-bench-'));
				dirs.push(out);
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
				expect(output).toMatch(/short-8\s+Endpoint · tiny\s+0\/1\s+- \[0\/1\]/);
				expect(output).toMatch(
					/Error Endpoint · tiny short-8 rep 1: CloudAuthError: The endpoint refused the request \(401 Unauthorized\).*Invalid API key/
				);
				expect(output).toContain('every run failed for: Endpoint · tiny');
			} finally {
				await refusing.close();
			}
		},
		900_000
	);
});
