// `npm run bench`'s arguments and exit codes: what it says and does before it starts a browser. The full
// run in Chromium is tests/e2e/bench-cli.spec.ts.
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

	it('exits 2 on bad arguments, with usage', async () => {
		const { code, output } = await runCli(['--backend', 'cuda']);
		expect(code).toBe(2);
		expect(output).toContain('--backend must be one of wasm, webgpu, auto, not "cuda".');
	});

	it('exits 2 on an --engine or --sweep key it does not know, naming the allowed ones', async () => {
		const engine = await runCli(['--engine', 'local:precision=q8']);
		expect(engine.code).toBe(2);
		expect(engine.output.trim()).toBe(
			'--engine local:precision=q8: unknown key "precision"; allowed: model, backend, dtype, threads, runtime.'
		);
		const sweep = await runCli(['--sweep', 'dtype=q8', 'thread=1,2']);
		expect(sweep.code).toBe(2);
		expect(sweep.output.trim()).toBe(
			'--sweep: unknown key "thread"; allowed: model, backend, dtype, threads, runtime.'
		);
	});

	it('--help lists the slot flags', async () => {
		const { output } = await runCli(['--help']);
		expect(output).toContain('--engine local:model=edgewise-tiny,backend=wasm,dtype=q8,threads=2');
		expect(output).toContain('--engine cloud:url=');
		expect(output).toContain('--sweep dtype=fp32,q8,q4 threads=1,2');
	});
});
