// Chart.js configurations built from a ResultRecord. Plain data (no callbacks), so the same configs feed
// the Results page and the CLI's self-contained HTML report. Every axis is titled with its unit.
import { distinctLabels } from './engine-labels';
import type { ChartConfiguration } from 'chart.js';
import { e2eAt } from './break-even';
import { formatFixed } from './format';
import type { ResultRecord, RunSample } from './schema';

export interface ChartTheme {
	text: string;
	grid: string;
}
export const LIGHT_THEME: ChartTheme = { text: '#1f2937', grid: 'rgba(31, 41, 55, 0.15)' };
export const DARK_THEME: ChartTheme = { text: '#e5e7eb', grid: 'rgba(229, 231, 235, 0.18)' };

// Mid-luminance hues that read on both light and dark backgrounds.
// Eight engines before a colour repeats; readable on the light and the dark background.
const PALETTE = ['#0d9488', '#8b5cf6', '#d97706', '#2563eb', '#db2777', '#65a30d', '#0891b2', '#9a3412'];
/** The palette's colour for the i-th engine or device. */
export function paletteColor(i: number): string {
	// The modulo keeps the index within the palette.
	return PALETTE[(i < 0 ? 0 : i) % PALETTE.length]!;
}
export function engineColor(record: ResultRecord, engineId: string): string {
	return paletteColor(record.engines.findIndex((e) => e.id === engineId));
}
/** The engine's label, told apart from another engine's that is the same (engine-labels.ts). */
function engineLabel(record: ResultRecord, engineId: string): string {
	return distinctLabels(record.engines)[engineId] ?? engineId;
}

/**
 * A label as lines of at most about `width` characters (Chart.js draws an array as several lines), so a
 * long engine name beside a chart row wraps instead of being cut off at the chart's edge.
 */
export function wrapLabel(label: string, width = 22): string[] {
	const lines: string[] = [];
	for (const word of label.split(' ')) {
		const last = lines.at(-1);
		if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
		else lines.push(word);
	}
	return lines;
}

export function axes(theme: ChartTheme, x: string, y: string, extra: { yMin?: number; xMin?: number } = {}) {
	const axis = (title: string, min?: number) => ({
		title: { display: true, text: title, color: theme.text },
		ticks: { color: theme.text },
		grid: { color: theme.grid },
		...(min === undefined ? {} : { min })
	});
	return {
		x: { type: 'linear' as const, ...axis(x, extra.xMin) },
		y: { type: 'linear' as const, ...axis(y, extra.yMin) }
	};
}

export function plugins(theme: ChartTheme, title: string) {
	return {
		title: { display: true, text: title, color: theme.text },
		legend: {
			position: 'bottom' as const,
			labels: { color: theme.text, boxWidth: 12, font: { size: 11 } } as Record<string, unknown>
		}
	};
}

export type DistributionMetric = 'ttftMs' | 'decodeTokensPerS';
const METRIC_AXIS: Record<DistributionMetric, string> = {
	ttftMs: 'Time to first token (ms)',
	decodeTokensPerS: 'Decode speed (tokens/s)'
};

/** The frame every scatter-type chart here shares: no animation, the container's height, themed title and legend. */
export function scatterChart(
	datasets: ChartConfiguration<'scatter'>['data']['datasets'],
	pluginOptions: ReturnType<typeof plugins>,
	scales: Record<string, unknown>
): ChartConfiguration<'scatter'> {
	return {
		type: 'scatter',
		data: { datasets },
		options: { animation: false, maintainAspectRatio: false, plugins: pluginOptions, scales }
	} as ChartConfiguration<'scatter'>;
}

/** One row of a strip plot: its name, colour, every value, and the median drawn as a bar (none: no bar). */
export interface StripRow {
	label: string;
	color: string;
	values: number[];
	median: number | undefined;
}

/**
 * Strip plot: every value as a dot, one row per engine or device (rows spread by a fixed, deterministic
 * offset so equal values stay visible), with the median as a vertical bar. Shows spread, not just a bar.
 */
export function stripChart(
	rows: StripRow[],
	opts: { axis: string; rowTitle: string; title: string; theme: ChartTheme }
): ChartConfiguration<'scatter'> {
	const { theme } = opts;
	const datasets = rows.flatMap(({ label, color, values, median }, row) => {
		const dots = {
			label: `${label} runs`,
			data: values.map((x, i) => ({ x, y: row + (((i * 7) % 11) - 5) * 0.03 })),
			// Translucent dots under an opaque median bar: the bar stays visible inside a cluster of runs.
			backgroundColor: `${color}99`,
			borderColor: color,
			pointStyle: 'circle' as const,
			pointRadius: 4,
			order: 1
		};
		if (median === undefined) return [dots];
		return [
			dots,
			{
				label: `${label} median`,
				data: [{ x: median, y: row }],
				backgroundColor: color,
				borderColor: color,
				pointStyle: 'line' as const,
				rotation: 90,
				pointRadius: 16,
				borderWidth: 3,
				order: 0
			}
		];
	});
	const legend = plugins(theme, opts.title);
	// Point-style legend marks, so "runs" (a dot) and "median" (a bar) look as they do in the plot.
	legend.legend.labels = { ...legend.legend.labels, usePointStyle: true, boxHeight: 7 };
	return scatterChart(datasets, legend, {
		x: axes(theme, opts.axis, opts.rowTitle).x,
		// Dots sit on a hidden linear axis (row i at i, spread a little so equal values stay visible);
		// a category axis over the same span names each row. Both put row 0 at the top.
		y: { type: 'linear', display: false, reverse: true, min: -0.5, max: rows.length - 0.5 },
		rows: {
			type: 'category',
			position: 'left',
			labels: rows.map((r) => wrapLabel(r.label)),
			offset: true,
			title: { display: true, text: opts.rowTitle, color: theme.text },
			ticks: { color: theme.text },
			grid: { color: theme.grid, offset: true }
		}
	});
}

/** The distribution chart: every counted run of a case, one row per engine, the median as a bar. */
export function distributionChart(
	record: ResultRecord,
	metric: DistributionMetric,
	caseId: string,
	theme: ChartTheme
): ChartConfiguration<'scatter'> {
	const runs = record.runs.filter((r) => r.caseId === caseId && r.metrics && r.metrics[metric] !== null);
	const rows = record.engines.map(({ id }) => ({
		label: engineLabel(record, id),
		color: engineColor(record, id),
		values: runs.filter((r) => r.engineId === id).map((r) => r.metrics![metric] as number),
		median: record.summaries.find((s) => s.caseId === caseId && s.engineId === id)?.metrics[metric]?.median
	}));
	return stripChart(rows, {
		axis: METRIC_AXIS[metric],
		rowTitle: 'Engine',
		title: `${METRIC_AXIS[metric]}, ${caseId}: each run, median bar`,
		theme
	});
}

/** The run whose e2e is the median of its engine's runs for a case: the one to draw on the timeline. */
export function medianRun(runs: RunSample[]): RunSample | undefined {
	const ok = runs
		.filter((r) => r.metrics?.e2eMs !== null && r.metrics !== null)
		.sort((a, b) => a.metrics!.e2eMs! - b.metrics!.e2eMs!);
	return ok[Math.floor((ok.length - 1) / 2)];
}

/** Tokens over time for both streams: cumulative arrivals against ms since the request. */
export function timelineChart(record: ResultRecord, caseId: string, theme: ChartTheme): ChartConfiguration<'scatter'> {
	const datasets = record.engines.flatMap(({ id }) => {
		const run = medianRun(record.runs.filter((r) => r.caseId === caseId && r.engineId === id));
		if (!run) return [];
		const { requestMs, arrivalsMs, outputTokens } = run.result;
		// A cloud chunk may hold several tokens: spread the counted tokens over the chunks evenly.
		const perArrival = arrivalsMs.length ? outputTokens / arrivalsMs.length : 0;
		const color = engineColor(record, id);
		return [
			{
				label: `${engineLabel(record, id)} (median run)`,
				data: [
					{ x: 0, y: 0 },
					...arrivalsMs.map((t, i) => ({ x: t - requestMs, y: Math.round((i + 1) * perArrival * 100) / 100 }))
				],
				showLine: true,
				stepped: 'before' as const,
				borderColor: color,
				backgroundColor: color,
				pointRadius: 2
			}
		];
	});
	return scatterChart(
		datasets,
		plugins(theme, `Token timeline, ${caseId}`),
		axes(theme, 'Time since request (ms)', 'Output tokens received', { xMin: 0, yMin: 0 })
	);
}

/**
 * e2e latency against output length for every engine with a break-even entry in this case (each against the
 * first engine), from the measured medians, each crossing marked.
 */
export function breakEvenChart(
	record: ResultRecord,
	caseId: string,
	theme: ChartTheme
): ChartConfiguration<'scatter'> | null {
	const entries = record.breakEven.filter((b) => b.caseId === caseId);
	const first = entries[0];
	if (!first) return null;
	const crossingOf = (e: (typeof entries)[number]) =>
		e.verdict.kind === 'below' || e.verdict.kind === 'from' ? e.verdict.crossingTokens : null;
	const crossings = entries.map(crossingOf).filter((c): c is number => c !== null);
	const maxNewTokens = record.parameters.cases.find((c) => c.id === caseId)?.maxNewTokens ?? 64;
	const maxN = Math.max(2, Math.ceil(Math.max(maxNewTokens, ...crossings.map((c) => c * 1.5))));
	const line = (engineId: string, model: { ttftMs: number; tpotMs: number }) => ({
		label: `${engineLabel(record, engineId)}: ${formatFixed(model.ttftMs, 'ms')} + ${formatFixed(model.tpotMs, 'ms/token', 2)}`,
		data: [1, maxN].map((n) => ({ x: n, y: e2eAt(model, n) })),
		showLine: true,
		borderColor: engineColor(record, engineId),
		backgroundColor: engineColor(record, engineId),
		pointRadius: 0
	});
	const datasets: ChartConfiguration<'scatter'>['data']['datasets'] = [
		line(first.aEngineId, first.a),
		...entries.map((e) => line(e.bEngineId, e.b))
	];
	for (const e of entries) {
		const crossing = crossingOf(e);
		if (crossing === null) continue;
		const against = entries.length > 1 ? ` with ${engineLabel(record, e.bEngineId)}` : '';
		datasets.push({
			label: `Finish together${against} at ${formatFixed(crossing, 'tokens')} (${formatFixed(e2eAt(e.a, crossing), 'ms', 0)})`,
			data: [{ x: crossing, y: e2eAt(e.a, crossing) }],
			pointStyle: 'crossRot',
			pointRadius: 10,
			borderWidth: 3,
			borderColor: theme.text,
			backgroundColor: theme.text
		});
	}
	const title = entries.length > 1 ? `Break-even, ${caseId}` : `Break-even, ${caseId}: ${first.sentence}`;
	return scatterChart(
		datasets,
		plugins(theme, title),
		axes(theme, 'Output length (tokens)', 'End-to-end latency (ms)', { xMin: 0, yMin: 0 })
	);
}
