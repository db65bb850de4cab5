// The Results page's distribution chart, across devices: for one configuration, every counted run of
// each device as a dot on its own row, with the device's median as a bar. The strip plot is charts.ts's;
// this file only says which values go on which row.
import type { ChartConfiguration } from 'chart.js';
import { paletteColor, stripChart, type ChartTheme } from './charts';
import type { ConfigRow } from './devices';
import { summarize } from './stats';

const AXIS = { decodeTokensPerS: 'Decode speed (tokens/s)', ttftMs: 'Time to first token (ms)' } as const;

export function devicesChart(
	row: ConfigRow,
	metric: keyof typeof AXIS,
	names: string[],
	theme: ChartTheme
): ChartConfiguration<'scatter'> {
	const rows = row.cells.map((cell, i) => ({
		label: names[i] ?? '',
		color: paletteColor(i),
		values: cell.runValues[metric],
		median: summarize(cell.runValues[metric])?.median
	}));
	return stripChart(rows, {
		axis: AXIS[metric],
		rowTitle: 'Device',
		title: `${AXIS[metric]}, ${row.config}: each run, median bar`,
		theme
	});
}
