import { describe, expect, it } from 'vitest';
import { formatTable, htmlReport } from './bench-report';
import { benchmarkRecord } from '../lib/bench/record';
import { runBenchmark } from '../lib/bench/runner';
import { getSuite } from '../lib/bench/suite';
import { ScriptedEngine } from '../lib/bench/testing/scripted-engine';

async function record() {
	const clock = { t: 0 };
	const cases = getSuite('quick').cases;
	const local = new ScriptedEngine({
		kind: 'local',
		label: 'Local',
		clock,
		script: () => ({ ttftMs: 50, tpotMs: 10 })
	});
	const cloud = new ScriptedEngine({
		kind: 'cloud',
		label: 'Cloud </script>',
		clock,
		script: (i) => ({ ttftMs: i <= 2 ? 200 : 280, tpotMs: 5 })
	});
	const outcome = await runBenchmark({
		engines: [
			{ id: 'local', engine: local },
			{ id: 'cloud', engine: cloud }
		],
		cases,
		repetitions: 2,
		clock: () => clock.t
	});
	return benchmarkRecord(outcome, cases, 2, 'quick', {
		appVersion: 't',
		device: {
			runtime: 'browser',
			userAgent: 'UA',
			browser: 'Chrome 156',
			os: 'Linux',
			cores: 2,
			deviceMemoryGb: 8,
			gpuAdapter: null,
			backend: 'wasm',
			threads: 2,
			crossOriginIsolated: true,
			online: true,
			collectedAt: 'x'
		}
	});
}

describe('bench report', () => {
	it('prints one row per case and engine with medians, CVs and the noisy flag', async () => {
		const table = formatTable(await record());
		const lines = table.split('\n');
		expect(lines[0]).toMatch(/^case\s+engine\s+ok\/runs\s+TTFT ms/);
		const cloudRow = lines.find((l) => l.startsWith('short-8') && l.includes('Cloud'))!;
		// cloud short-8 ttft: 200 (rep 0), 280 (rep 1) -> median 240, CV 23.6%
		expect(cloudRow).toContain('240.0');
		expect(cloudRow).toContain('NOISY');
		expect(table).toContain('Break-even short-8: local finishes first');
	});

	it('writes self-contained HTML: inline Chart.js, no external URL, no early </script>', async () => {
		const html = htmlReport(await record(), 'window.Chart=function(){};');
		expect(html).toContain('window.Chart=function(){};');
		expect(html).not.toMatch(/<script[^>]+src=/);
		expect(html).not.toMatch(/href="http/);
		expect(html.match(/<\/script>/g)).toHaveLength(2);
	});
});
