// The Results page's distribution chart, across devices: for one configuration, every counted run of
// each device as a dot on its own row, with the device's median as a bar. Plain data, like charts.ts.
import type { ChartConfiguration } from 'chart.js';
import { axes, plugins, wrapLabel, type ChartTheme } from './charts';
import type { ConfigRow } from './devices';
import { summarize } from './stats';

const PALETTE = ['#0d9488', '#8b5cf6', '#d97706', '#2563eb', '#db2777', '#65a30d'];
const AXIS = { decodeTokensPerS: 'Decode speed (tokens/s)', ttftMs: 'Time to first token (ms)' } as const;

export function devicesChart(
	row: ConfigRow,
	metric: keyof typeof AXIS,
	names: string[],
	theme: ChartTheme
): ChartConfiguration<'scatter'> {
	const datasets = row.cells.flatMap((cell, i) => {
		const color = PALETTE[i % PALETTE.length];
		const values = cell.runValues[metric];
		const median = summarize(values)?.median;
		const dots = {
			label: `${names[i]} runs`,
			data: values.map((x, j) => ({ x, y: i + (((j * 7) % 11) - 5) * 0.03 })),
			backgroundColor: `${color}99`,
			borderColor: color,
			pointStyle: 'circle' as const,
			pointRadius: 4,
			order: 1
		};
		if (median === undefined) return [dots];
		const bar = {
			label: `${names[i]} median`,
			data: [{ x: median, y: i }],
			backgroundColor: color,
			borderColor: color,
			pointStyle: 'line' as const,
			rotation: 90,
			pointRadius: 16,
			borderWidth: 3,
			order: 0
		};
		return [dots, bar];
	});
	const rows = row.cells.length;
	const legend = plugins(theme, `${AXIS[metric]}, ${row.config}: each run, median bar`);
	legend.legend.labels = { ...legend.legend.labels, usePointStyle: true, boxHeight: 7 };
	return {
		type: 'scatter',
		data: { datasets },
		options: {
			animation: false,
			maintainAspectRatio: false,
			plugins: legend,
			scales: {
				x: axes(theme, AXIS[metric], 'Device').x,
				// As on the Results page: dots on a hidden linear axis, a category axis naming each row.
				y: { type: 'linear', display: false, reverse: true, min: -0.5, max: rows - 0.5 },
				rows: {
					type: 'category',
					position: 'left',
					labels: names.map((n) => wrapLabel(n)),
					offset: true,
					title: { display: true, text: 'Device', color: theme.text },
					ticks: { color: theme.text },
					grid: { color: theme.grid, offset: true }
				}
			}
		}
	};
}
