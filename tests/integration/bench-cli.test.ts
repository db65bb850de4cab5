// `npm run bench`'s arguments and exit codes: what it says and does before it starts a browser. The full
// run in Chromium is tests/e2e/bench-cli.spec.ts.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBenchCli as runCli } from './run-bench-cli';

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

	it('exits 2 on a quality suite it does not know, and on a malformed --quality-file, naming the line', async () => {
		const unknown = await runCli(['--quality', 'arithmetic,trivia']);
		expect(unknown.code).toBe(2);
		expect(unknown.output).toContain('There is no quality suite "trivia"; choose one of: arithmetic, extraction');
		const dir = await mkdtemp(join(tmpdir(), 'edgewise-quality-'));
		const file = join(dir, 'bad.jsonl');
		await writeFile(file, '{"prompt": "p", "answer": "x", "scorer": "exact"}\n{"prompt": "q", "answer": 1}\n');
		const bad = await runCli(['--quality-file', file]);
		expect(bad.code).toBe(2);
		expect(bad.output).toContain(`--quality-file ${file}: This file is not a quality set: line 2: scorer`);
		const mode = await runCli(['--quality', 'json', '--quality-mode', 'essay']);
		expect(mode.code).toBe(2);
		expect(mode.output).toContain('--quality-mode is completion or chat, not "essay".');
		await rm(dir, { recursive: true, force: true });
	});

	it('exits 2 on bad arguments, with usage', async () => {
		const { code, output } = await runCli(['--backend', 'cuda']);
		expect(code).toBe(2);
		expect(output).toContain('--backend must be one of wasm, webgpu, auto, not "cuda".');
	});

	it('exits 2 on an --engine or --sweep key it does not know, naming the allowed ones', async () => {
		const engine = await runCli(['--engine', 'local:precision=q8']);
		expect(engine.code).toBe(2);
		expect(engine.output.trim()).toBe(
			'--engine local:precision=q8: unknown key "precision"; allowed: model, backend, dtype, threads, runtime, build.'
		);
		const sweep = await runCli(['--sweep', 'dtype=q8', 'thread=1,2']);
		expect(sweep.code).toBe(2);
		expect(sweep.output.trim()).toBe(
			'--sweep: unknown key "thread"; allowed: model, backend, dtype, threads, runtime, build.'
		);
	});

	it('--help lists the slot flags', async () => {
		const { output } = await runCli(['--help']);
		expect(output).toContain('--engine local:model=edgewise-tiny,backend=wasm,dtype=q8,threads=2');
		expect(output).toContain('--engine cloud:url=');
		expect(output).toContain('--sweep dtype=fp32,q8,q4 threads=1,2');
	});
});
