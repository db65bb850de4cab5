import { describe, expect, it } from 'vitest';
import {
	engineLabels,
	enginesWithoutSuccess,
	formatQuality,
	formatRunProblems,
	formatTable,
	htmlReport
} from './bench-report';
import { qualityPlan, runQuality } from '../lib/quality/run';
import { AnswerEngine, calculator } from '../lib/quality/testing/answer-engine';
import type { QualityPart } from '../lib/bench/record';
import type { CallScript } from '../lib/bench/testing/scripted-engine';
import { scriptedRecord } from '../lib/bench/testing/scripted-benchmark';
import { browserDeviceReport } from '../lib/bench/testing/device-report';
import { at } from '../lib/bench/testing/must';

function record(
	cloudScript: (i: number) => CallScript = (i) => ({ ttftMs: i <= 2 ? 200 : 280, tpotMs: 5 }),
	extra: { id: string; label: string; script: CallScript }[] = [],
	quality?: QualityPart
) {
	return scriptedRecord({
		sides: [
			{ id: 'local', kind: 'local', label: 'Local', script: () => ({ ttftMs: 50, tpotMs: 10 }) },
			{ id: 'cloud', kind: 'cloud', label: 'Cloud </script>', script: cloudScript },
			...extra.map((e) => ({ id: e.id, kind: 'local' as const, label: e.label, script: () => e.script }))
		],
		repetitions: 2,
		ctx: { device: browserDeviceReport() },
		quality
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

	it('with three engines, prints a row for each and names the pair of each break-even', async () => {
		const table = formatTable(
			await record(undefined, [{ id: 'fp32', label: 'Local fp32', script: { ttftMs: 80, tpotMs: 20 } }])
		);
		expect(table.split('\n').filter((l) => l.startsWith('short-8 ')).length).toBe(3);
		expect(table).toContain('Break-even short-8 (local vs cloud): local finishes first');
		// 50 + 10(n - 1) against 80 + 20(n - 1): the first engine is ahead at every length.
		expect(table).toContain('Break-even short-8 (local vs fp32): local finishes first at every length');
	});

	it('tells engines that share a label apart by precision, threads and slot id, and leaves unique labels alone', async () => {
		const same = await record(undefined, [{ id: 'local-2', label: 'Local', script: { ttftMs: 80, tpotMs: 20 } }]);
		const labels = engineLabels(same);
		const { model, threads } = at(same.engines, 0).info;
		const dtype = `${model.dtype} · ${threads} threads`;
		expect(labels.get('local')).toBe(`Local · ${dtype} [local]`);
		expect(labels.get('local-2')).toBe(`Local · ${dtype} [local-2]`);
		expect(labels.get('cloud')).toBe('Cloud </script>');
		const rows = formatTable(same)
			.split('\n')
			.filter((l) => l.startsWith('short-8 '));
		expect(rows.map((r) => r.split(/\s{2,}/)[1])).toEqual([
			`Local · ${dtype} [local]`,
			'Cloud </script>',
			`Local · ${dtype} [local-2]`
		]);
	});

	it('says how many runs each figure rests on, prints each failed run with its error, and names an engine that never succeeded', async () => {
		// Calls: 0 warm-up, then short-8 and short-32 per repetition. The first repetition of each case
		// fails: 1 of 2 runs per case has figures.
		const partial = await record((i) =>
			i === 1 || i === 2 ? { ttftMs: 200, tpotMs: 5, fail: new Error('x'), failSoft: true } : { ttftMs: 200, tpotMs: 5 }
		);
		const cloudRow = formatTable(partial)
			.split('\n')
			.find((l) => l.startsWith('short-8') && l.includes('Cloud'))!;
		expect(cloudRow).toMatch(/\s1\/2\s/);
		expect(cloudRow).toContain('200.0 [1/2]');
		const problems = formatRunProblems(partial);
		expect(problems).toContain('Error Cloud </script> short-8 rep 1: ScriptedError: scripted soft failure');
		expect(problems.filter((l) => l.startsWith('Error'))).toHaveLength(2);
		expect(enginesWithoutSuccess(partial)).toEqual([]);

		const failed = await record(() => ({ ttftMs: 200, tpotMs: 5, fail: new Error('x'), failSoft: true }));
		expect(enginesWithoutSuccess(failed)).toEqual(['Cloud </script>']);
		expect(formatTable(failed)).toMatch(/short-8\s+Cloud <\/script>\s+0\/2\s+— \[0\/2\]/);
	});

	it('shows client / server decode agreement where the server reported its timings', async () => {
		const r = await record();
		r.summaries[1]!.decodeAgreement = { n: 2, median: 1.01, worst: 1.23, outside: 1 };
		expect(
			formatTable(r)
				.split('\n')
				.find((l) => l.startsWith('short-8') && l.includes('Cloud'))
		).toContain('1.01 (worst 1.23, 1 outside)');
	});

	it("prints each engine's load where the record has one", async () => {
		const r = await record();
		expect(formatTable(r)).not.toMatch(/^Load /m);
		at(r.engines, 0).load = { loadMs: 412.34, loadKind: 'warm' };
		const lines = formatTable(r).split('\n');
		expect(lines.filter((l) => l.startsWith('Load '))).toEqual(['Load Local: 412.3 ms (warm)']);
	});

	it('writes self-contained HTML: inline Chart.js, no external URL, no early </script>', async () => {
		const html = htmlReport(await record(), 'window.Chart=function(){};');
		expect(html).toContain('window.Chart=function(){};');
		expect(html).not.toMatch(/<script[^>]+src=/);
		expect(html).not.toMatch(/href="http/);
		expect(html.match(/<\/script>/g)).toHaveLength(2);
	});

	it('prints the quality run: a row per suite and engine, agreement, the sentence; the report draws its charts', async () => {
		const base = await record();
		expect(formatQuality(base)).toBeNull();
		const clock = { t: 0 };
		const plan = qualityPlan(['arithmetic', 'agreement'], [], 'completion');
		const outcome = await runQuality(
			[
				{ id: 'local', engine: new AnswerEngine({ kind: 'local', label: 'Local', answer: calculator, clock }) },
				{ id: 'cloud', engine: new AnswerEngine({ kind: 'cloud', label: 'Cloud', answer: () => ' 7', clock }) }
			],
			plan
		);
		const withQ = await record(undefined, [], { plan, outcome });
		const text = formatQuality(withQ)!;
		expect(text).toMatch(/^arithmetic\s+Local\s+20\s+20\s+0\s+100% ±8\s+\[84%, 100%\]\s+—\s+baseline/m);
		expect(text).toMatch(
			/^agreement\s+Cloud <\/script>\s+16\s+\d+\s+0\s+\d+% ±\d+ .*\d+\/16 \(tokens\), verdict \d+\/16/m
		);
		expect(text).toContain('Quality (arithmetic, agreement; completion prompts): Local: 100% ±8');
		const html = htmlReport(withQ, '/* chart.js */');
		expect(html).toContain('<h2>Quality</h2>');
		expect(html).toContain('Quality against speed');
	});
});
