// Runs `npm run bench` (src/cli/bench.ts) as a child process with no endpoint key; resolves with its exit
// code and everything it printed. Used by the argument checks here and the full run in tests/e2e/.
import { spawn } from 'node:child_process';

export function runBenchCli(args: string[]): Promise<{ code: number | null; output: string }> {
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
