import { describe, expect, it } from 'vitest';
import { breakEvenChart, distributionChart, LIGHT_THEME, medianRun, timelineChart } from './charts';
import { benchmarkRecord } from './record';
import { runBenchmark } from './runner';
import { getSuite } from './suite';
import { ScriptedEngine } from './testing/scripted-engine';

async function record() {
	const clock = { t: 0 };
	const cases = getSuite('quick').cases;
	const ttft = [0, 100, 100, 120, 120, 110, 110];
	const local = new ScriptedEngine({
		kind: 'local',
		label: 'L',
		clock,
		script: (i) => ({ ttftMs: ttft[i], tpotMs: 10 })
	});
	const cloud = new ScriptedEngine({ kind: 'cloud', label: 'C', clock, script: () => ({ ttftMs: 300, tpotMs: 5 }) });
	const outcome = await runBenchmark({
		engines: [
			{ id: 'local', engine: local },
			{ id: 'cloud', engine: cloud }
		],
		cases,
		repetitions: 3,
		clock: () => clock.t
	});
	return benchmarkRecord(outcome, cases, 3, 'quick', {
		appVersion: 't',
		device: {
			runtime: 'node',
			userAgent: null,
			browser: null,
			os: null,
			cores: null,
			deviceMemoryGb: null,
			gpuAdapter: null,
			backend: null,
			threads: null,
			crossOriginIsolated: null,
			online: null,
			collectedAt: 'x'
		}
	});
}

describe('chart configs', () => {
	it('distribution: one dot per run per engine, the median bar at the median, units on the axis', async () => {
		const rec = await record();
		const c = distributionChart(rec, 'ttftMs', 'short-8', LIGHT_THEME);
		expect(c.data.datasets.map((d) => d.label)).toEqual(['L runs', 'L median', 'C runs', 'C median']);
		expect(c.data.datasets[0].data.map((p) => (p as { x: number }).x)).toEqual([100, 120, 110]);
		expect(c.data.datasets[1].data).toEqual([{ x: 110, y: 0 }]);
		expect((c.options!.scales!.x as { title: { text: string } }).title.text).toBe('Time to first token (ms)');
	});

	it('timeline: cumulative tokens of the median run against ms since request', async () => {
		const rec = await record();
		const c = timelineChart(rec, 'short-8', LIGHT_THEME);
		const local = c.data.datasets[0].data as { x: number; y: number }[];
		expect(local[0]).toEqual({ x: 0, y: 0 });
		expect(local[1]).toEqual({ x: 110, y: 1 }); // median run: ttft 110
		expect(local.at(-1)).toEqual({ x: 180, y: 8 });
		expect(medianRun(rec.runs.filter((r) => r.engineId === 'local' && r.caseId === 'short-8'))!.metrics!.ttftMs).toBe(
			110
		);
	});

	it('break-even: both lines pass through the marked crossing', async () => {
		const rec = await record();
		const c = breakEvenChart(rec, 'short-8', LIGHT_THEME)!;
		const [a, b, mark] = c.data.datasets.map((d) => d.data as { x: number; y: number }[]);
		const at = (line: { x: number; y: number }[], x: number) =>
			line[0].y + ((line[1].y - line[0].y) * (x - line[0].x)) / (line[1].x - line[0].x);
		expect(mark[0].x).toBe(39);
		expect(at(a, 39)).toBeCloseTo(mark[0].y, 9);
		expect(at(b, 39)).toBeCloseTo(mark[0].y, 9);
		expect(JSON.parse(JSON.stringify(c))).toEqual(c); // plain data, embeddable in the HTML report
	});
});
