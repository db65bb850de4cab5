// Cumulative cost against days for the scale view: one line per remote engine (per-day cost x days), the
// on-device side flat at $0 (no marginal price), the training figure as a level line, and each crossing
// marked. Plain data like charts.ts, so it themes the same way and needs no callbacks.
import type { ChartConfiguration } from 'chart.js';
import { axes, plugins, scatterChart, type ChartTheme } from './charts';
import { chartHorizonDays, formatFleetUsd, type DeviceScale, type RemoteScale } from './scale';

const REMOTE_COLORS = ['#8b5cf6', '#d97706', '#2563eb', '#db2777'];
const DEVICE_COLOR = '#0d9488';

export function scaleChart(
	remote: RemoteScale[],
	device: DeviceScale[],
	trainingUsd: number | null,
	theme: ChartTheme
): ChartConfiguration<'scatter'> {
	const horizon = chartHorizonDays(remote);
	const priced = remote.filter((r) => r.perDayUsd !== null);
	const datasets: ChartConfiguration<'scatter'>['data']['datasets'] = priced.map((r, i) => ({
		label: `${r.label}: ${formatFleetUsd(r.perDayUsd!)}/day (estimate)`,
		data: [0, horizon].map((d) => ({ x: d, y: r.perDayUsd! * d })),
		showLine: true,
		borderColor: REMOTE_COLORS[i % REMOTE_COLORS.length],
		backgroundColor: REMOTE_COLORS[i % REMOTE_COLORS.length],
		pointRadius: 0
	}));
	for (const d of device)
		datasets.push({
			label: `${d.label}: $0 marginal (on the users' devices)`,
			data: [0, horizon].map((x) => ({ x, y: 0 })),
			showLine: true,
			borderColor: DEVICE_COLOR,
			backgroundColor: DEVICE_COLOR,
			pointRadius: 0
		});
	if (trainingUsd !== null) {
		datasets.push({
			label: `Training: ${formatFleetUsd(trainingUsd)}`,
			data: [0, horizon].map((x) => ({ x, y: trainingUsd })),
			showLine: true,
			borderDash: [6, 4],
			borderColor: theme.text,
			backgroundColor: theme.text,
			pointRadius: 0
		});
		for (const r of priced)
			if (r.crossing.kind === 'day' && r.crossing.day <= horizon)
				datasets.push({
					label: `${r.label} passes training on day ${r.crossing.day}`,
					data: [{ x: r.crossing.day, y: r.perDayUsd! * r.crossing.day }],
					pointStyle: 'crossRot',
					pointRadius: 10,
					borderWidth: 3,
					borderColor: theme.text,
					backgroundColor: theme.text
				});
	}
	return scatterChart(
		datasets,
		plugins(theme, 'Cumulative cost against days (estimate)'),
		axes(theme, 'Days', 'Cumulative cost (US $)', { xMin: 0, yMin: 0 })
	);
}
