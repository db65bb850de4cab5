import { describe, expect, it } from 'vitest';
import { breakEvenChart, distributionChart, LIGHT_THEME, medianRun, timelineChart, wrapLabel } from './charts';
import { at } from './testing/must';
import { scriptedRecord, type ScriptedSide } from './testing/scripted-benchmark';

function record(extra: ScriptedSide[] = []) {
	const ttft = [0, 100, 100, 120, 120, 110, 110];
	return scriptedRecord({
		sides: [
			{ id: 'local', kind: 'local', label: 'L', script: (i) => ({ ttftMs: at(ttft, i), tpotMs: 10 }) },
			{ id: 'cloud', kind: 'cloud', label: 'C', script: () => ({ ttftMs: 300, tpotMs: 5 }) },
			...extra
		],
		repetitions: 3
	});
}

describe('chart configs', () => {
	it('distribution: one dot per run per engine, the median bar at the median, units on the axis', async () => {
		const rec = await record();
		const c = distributionChart(rec, 'ttftMs', 'short-8', LIGHT_THEME);
		expect(c.data.datasets.map((d) => d.label)).toEqual(['L runs', 'L median', 'C runs', 'C median']);
		expect(at(c.data.datasets, 0).data.map((p) => (p as { x: number }).x)).toEqual([100, 120, 110]);
		expect(at(c.data.datasets, 1).data).toEqual([{ x: 110, y: 0 }]);
		expect((c.options!.scales!.x as { title: { text: string } }).title.text).toBe('Time to first token (ms)');
	});

	it('distribution: each row is named after its engine, and the legend marks runs and median differently', async () => {
		const rec = await record();
		const c = distributionChart(rec, 'decodeTokensPerS', 'short-8', LIGHT_THEME);
		const scales = c.options!.scales as Record<
			string,
			{ type: string; labels?: unknown[]; min?: number; max?: number; reverse?: boolean; offset?: boolean }
		>;
		expect(scales.rows).toMatchObject({ type: 'category', labels: [['L'], ['C']], offset: true });
		// The dots' hidden axis spans the same rows, top down, as the category axis does.
		expect(scales.y).toMatchObject({ type: 'linear', reverse: true, min: -0.5, max: 1.5 });
		const datasets = c.data.datasets as { pointStyle?: string; data: { y: number }[] }[];
		const [runs, median, cloudRuns] = [at(datasets, 0), at(datasets, 1), at(datasets, 2)];
		expect(runs.data.every((p) => Math.abs(p.y) < 0.5)).toBe(true);
		expect(cloudRuns.data.every((p) => Math.abs(p.y - 1) < 0.5)).toBe(true);
		expect(runs.pointStyle).toBe('circle');
		expect(median.pointStyle).toBe('line');
		expect((c.options!.plugins!.legend!.labels as { usePointStyle?: boolean }).usePointStyle).toBe(true);
	});

	it('wraps long row labels into lines instead of letting the chart cut them off', () => {
		expect(wrapLabel('Edgewise reference server · edgewise-tiny')).toEqual([
			'Edgewise reference',
			'server · edgewise-tiny'
		]);
		expect(wrapLabel('short')).toEqual(['short']);
		expect(wrapLabel('averyveryverylongunbrokenname-of-more-than-22', 22)).toEqual([
			'averyveryverylongunbrokenname-of-more-than-22'
		]);
	});

	it('timeline: cumulative tokens of the median run against ms since request', async () => {
		const rec = await record();
		const c = timelineChart(rec, 'short-8', LIGHT_THEME);
		const local = at(c.data.datasets, 0).data as { x: number; y: number }[];
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
		const lines = c.data.datasets.map((d) => d.data as { x: number; y: number }[]);
		const [a, b, mark] = [at(lines, 0), at(lines, 1), at(at(lines, 2), 0)];
		const yOn = (line: { x: number; y: number }[], x: number) => {
			const [p, q] = [at(line, 0), at(line, 1)];
			return p.y + ((q.y - p.y) * (x - p.x)) / (q.x - p.x);
		};
		expect(mark.x).toBe(39);
		expect(yOn(a, 39)).toBeCloseTo(mark.y, 9);
		expect(yOn(b, 39)).toBeCloseTo(mark.y, 9);
		expect(JSON.parse(JSON.stringify(c))).toEqual(c); // plain data, embeddable in the HTML report
	});

	it("break-even with three engines: a line each, and each crossing on the first engine's line and its own", async () => {
		const rec = await record([{ id: 'slow', kind: 'local', label: 'S', script: () => ({ ttftMs: 20, tpotMs: 20 }) }]);
		const c = breakEvenChart(rec, 'short-8', LIGHT_THEME)!;
		const lines = c.data.datasets.slice(0, 3).map((d) => d.data as { x: number; y: number }[]);
		const marks = c.data.datasets.slice(3).map((d) => (d.data as { x: number; y: number }[])[0]!);
		expect(c.data.datasets.map((d) => d.label?.split(':')[0])).toEqual([
			'L',
			'C',
			'S',
			expect.stringMatching(/^Finish together with C at 39\.0 tokens/),
			expect.stringMatching(/^Finish together with S at /)
		]);
		const at = (line: { x: number; y: number }[], x: number) =>
			line[0]!.y + ((line[1]!.y - line[0]!.y) * (x - line[0]!.x)) / (line[1]!.x - line[0]!.x);
		for (const [i, mark] of marks.entries()) {
			expect(at(lines[0]!, mark.x)).toBeCloseTo(mark.y, 9);
			expect(at(lines[i + 1]!, mark.x)).toBeCloseTo(mark.y, 9);
		}
	});
});

describe('engines with the same label', () => {
	it('are told apart in every chart', async () => {
		const { sampleBenchmark } = await import('./testing/sample-records');
		const record = await sampleBenchmark(2);
		const twice = { ...record, engines: record.engines.map((e) => ({ ...e, info: { ...e.info, label: 'Same' } })) };
		const labels = distributionChart(twice, 'ttftMs', record.parameters.cases[0]!.id, LIGHT_THEME).data.datasets.map(
			(d) => d.label
		);
		expect(labels.filter((l) => l?.endsWith(' runs'))).toEqual(['Same · q8 · 2 threads runs', 'Same runs']);
	});
});
