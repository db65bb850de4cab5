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

function runCli(args: string[]): Promise<{ code: number | null; output: string }> {
	return new Promise((resolve) => {
		const child = spawn('npx', ['tsx', 'src/cli/bench.ts', ...args], { env: { ...process.env, EDGEWISE_API_KEY: '' } });
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
});
