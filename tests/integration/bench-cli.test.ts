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
		expect(output).toContain('--backend must be wasm, webgpu or auto');
	});
});
