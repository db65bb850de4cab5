// Quality against speed, and against cost: one point per engine, its 95% interval drawn as a vertical
// line through it, so a reader sees which engines are both fast (or cheap) and good enough. Plain data for
// Chart.js, like bench/charts.ts, so the Results page and the CLI's report draw the same.
import type { ChartConfiguration, ChartDataset } from 'chart.js';
import { axes, engineColor, plugins, scatterChart, type ChartTheme } from '../bench/charts';
import type { ResultRecord } from '../bench/schema';
import { qualityPoints, type QualityPoint } from './present';

type Axis = 'speed' | 'cost';
const X: Record<Axis, { title: string; of: (p: QualityPoint) => number | null }> = {
	speed: { title: 'Decode speed (tokens/s, median)', of: (p) => p.decodeTokensPerS },
	cost: { title: 'Cost per 1,000 answers (US$, estimate)', of: (p) => p.costPer1kAnswersUsd }
};

/** null when no engine has both a score and the x figure. */
export function qualityChart(
	record: ResultRecord,
	axis: Axis,
	theme: ChartTheme
): ChartConfiguration<'scatter'> | null {
	const points = qualityPoints(record).filter((p) => p.accuracy !== null && X[axis].of(p) !== null);
	if (!points.length) return null;
	// One dataset per engine: the interval's low end, the score, the high end, joined by a line; only the
	// score is drawn as a point (radius per data index), so the legend has one entry per engine.
	const datasets: ChartDataset<'scatter'>[] = points.map((p) => {
		const x = X[axis].of(p)!;
		const color = engineColor(record, p.engineId);
		const y = p.accuracy! * 100;
		const [lo, hi] = p.ci95 ? [p.ci95[0] * 100, p.ci95[1] * 100] : [y, y];
		return {
			label: p.label,
			data: [
				{ x, y: lo },
				{ x, y },
				{ x, y: hi }
			],
			showLine: true,
			backgroundColor: color,
			borderColor: color,
			borderWidth: 2,
			pointRadius: [0, 6, 0],
			pointHoverRadius: [0, 7, 0]
		};
	});
	const scales = axes(theme, X[axis].title, 'Accuracy (%, with its 95% interval)', { xMin: 0, yMin: 0 });
	return scatterChart(datasets, plugins(theme, axis === 'speed' ? 'Quality against speed' : 'Quality against cost'), {
		x: scales.x,
		y: { ...scales.y, max: 100 }
	});
}
