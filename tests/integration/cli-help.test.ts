// Every command a person can type from the README answers --help with its usage (exit 0) and an unknown
// flag with one line and exit 2, never a stack trace.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const COMMANDS: Record<string, string> = {
	start: 'src/cli/start.ts',
	serve: 'src/cli/serve.ts',
	'make-model': 'src/cli/make-model.ts',
	'bench:native': 'benchmarks/native.ts',
	'bench:engine': 'benchmarks/engine.ts',
	'bench:kernels': 'benchmarks/kernels.ts',
	'bench:load': 'benchmarks/load.ts',
	'bench:llama': 'benchmarks/llama.ts',
	'bench:probe': 'benchmarks/probe.ts',
	'bench:panes': 'benchmarks/pane-overhead.ts'
};

function run(file: string, flag: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		const child = spawn('node_modules/.bin/tsx', [file, flag], { stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

describe('command-line usage', () => {
	for (const [name, file] of Object.entries(COMMANDS)) {
		it(`${name}: --help prints usage and exits 0; an unknown flag exits 2 with one line`, async () => {
			const [help, bad] = await Promise.all([run(file, '--help'), run(file, '--no-such-flag')]);
			expect(help.code).toBe(0);
			expect(help.stdout).toMatch(/^Usage: /);
			expect(help.stdout).toMatch(/\s\[?--[a-z]/);
			expect(bad.code).toBe(2);
			expect(bad.stdout).toBe('');
			expect(bad.stderr.trim().split('\n')).toHaveLength(1);
			expect(bad.stderr).toContain("'--no-such-flag'");
			expect(bad.stderr).not.toMatch(/\bat .*:\d+:\d+/);
		});
	}
});
