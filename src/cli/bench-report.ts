// What `npm run bench` prints and writes: a plain-text table, and a self-contained HTML report (Chart.js
// inlined, no request to any origin) with the same charts as the Results page.
import { breakEvenChart, distributionChart, LIGHT_THEME, timelineChart } from '../lib/bench/charts';
import { formatFixed as f, formatPercent, MISSING } from '../lib/bench/format';
import { DECODE_AGREEMENT_TOLERANCE } from '../lib/bench/metrics';
import { memoryLines } from '../lib/bench/memory';
import type { CaseSummary, ResultRecord } from '../lib/bench/schema';
import type { Summary } from '../lib/bench/stats';
import { casesWithoutBreakEven, NO_BREAK_EVEN } from '../lib/bench/summary';
import { qualityChart } from '../lib/quality/charts';
import { formatAccuracy, formatInterval, qualitySentence } from '../lib/quality/present';

const cv = (v: number | null | undefined) => formatPercent(v);

/** A median, with how many runs it rests on when that is fewer than all of them ("765.9 [2/5]"). */
function fig(summary: Summary | null | undefined, runs: number, digits = 1): string {
	if (!summary) return runs ? `${MISSING} [0/${runs}]` : MISSING;
	return summary.n < runs ? `${f(summary.median, '', digits)} [${summary.n}/${runs}]` : f(summary.median, '', digits);
}

function agreement(a: CaseSummary['decodeAgreement']): string {
	return a ? `${f(a.median, '', 2)} (worst ${f(a.worst, '', 2)}${a.outside ? `, ${a.outside} outside` : ''})` : MISSING;
}

/**
 * Each engine's name in the table: its label, and where two engines share one (two local slots of one model),
 * what tells them apart: precision, threads and the slot id ("edgewise-tiny · wasm · q8 · 2 threads [local]").
 */
export function engineLabels(record: Pick<ResultRecord, 'engines'>): Map<string, string> {
	const count = new Map<string, number>();
	for (const { info } of record.engines) count.set(info.label, (count.get(info.label) ?? 0) + 1);
	return new Map(
		record.engines.map(({ id, info }) => {
			if ((count.get(info.label) ?? 0) < 2) return [id, info.label];
			const threads = info.threads ? `${info.threads} thread${info.threads === 1 ? '' : 's'}` : null;
			const apart = [info.label, info.model.dtype, threads].filter(Boolean).join(' · ');
			return [id, `${apart} [${id}]`];
		})
	);
}

export function formatTable(record: ResultRecord): string {
	const labels = engineLabels(record);
	const label = (id: string) => labels.get(id) ?? id;
	const header = [
		'case',
		'engine',
		'ok/runs',
		'TTFT ms',
		'CV',
		'decode tok/s',
		'CV',
		'TPOT ms',
		'CV',
		'E2E ms',
		'CV',
		'out tok',
		'client/server',
		'noisy'
	];
	const rows = record.summaries.map((s) => {
		const m = s.metrics;
		return [
			s.caseId,
			label(s.engineId),
			`${s.runs - s.failedRuns}/${s.runs}`,
			fig(m.ttftMs, s.runs),
			cv(m.ttftMs?.cv),
			fig(m.decodeTokensPerS, s.runs) + (s.serverDecodeRuns ? ` S${s.serverDecodeRuns}` : ''),
			cv(m.decodeTokensPerS?.cv),
			fig(m.tpotMs, s.runs, 2),
			cv(m.tpotMs?.cv),
			fig(m.e2eMs, s.runs),
			cv(m.e2eMs?.cv),
			fig(m.outputTokens, s.runs, 0),
			agreement(s.decodeAgreement),
			s.noisy ? 'NOISY' : ''
		];
	});
	// Every row has one cell per header column.
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
	const line = (cells: string[]) =>
		cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
	const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
	out.push(
		'',
		"Medians over repetitions; [k/n] = only k of n runs had that figure; S<k> = k runs' decode (and TPOT) is the server's own figure (their stream reached the client in bursts); CV = sample stdev / mean; NOISY = a CV above 10%.",
		`client/server = client decode / the server's own (same definition), median and worst; outside = beyond ±${DECODE_AGREEMENT_TOLERANCE * 100}%.`
	);
	const pair = (b: (typeof record.breakEven)[number]) =>
		record.engines.length > 2 ? ` (${b.aEngineId} vs ${b.bEngineId})` : '';
	for (const b of record.breakEven) out.push(`Break-even ${b.caseId}${pair(b)}: ${b.sentence}`);
	for (const caseId of casesWithoutBreakEven(record)) out.push(`Break-even ${caseId}: ${NO_BREAK_EVEN}`);
	for (const c of record.cost) out.push(`Cost ${label(c.engineId)}: ${c.label}`);
	for (const { id, load } of record.engines)
		if (load) out.push(`Load ${label(id)}: ${f(load.loadMs, 'ms')} (${load.loadKind})`);
	// memoryLines names engines by label: hand it the table's names.
	const engines = record.engines.map((e) => ({ ...e, info: { ...e.info, label: label(e.id) } }));
	out.push(...memoryLines({ ...record, engines }));
	return out.join('\n');
}

/** The quality run, when there was one: a row per engine and suite, then the sentence beside speed and cost. */
export function formatQuality(record: ResultRecord): string | null {
	if (!record.quality) return null;
	const labels = engineLabels(record);
	const header = ['suite', 'engine', 'items', 'right', 'failed', 'accuracy', '95% interval', 'chance', 'same as first'];
	const rows = record.engines.flatMap(({ id, quality }) =>
		(quality?.suites ?? []).map((q) => [
			q.suite,
			labels.get(id) ?? id,
			String(q.items),
			String(q.correct),
			String(q.errors),
			formatAccuracy(q),
			formatInterval(q.ci95),
			q.chance === null ? MISSING : formatPercent(q.chance, 0),
			q.baseline
				? 'baseline'
				: q.agreement
					? `${q.agreement.identical}/${q.agreement.items} (${q.agreement.basis}), verdict ${q.agreement.sameVerdict}/${q.agreement.items}`
					: 'baseline'
		])
	);
	// Every row has one cell per header column.
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
	const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
	const failures = record.quality.runs.filter((r) => r.result.error);
	return [
		line(header),
		widths.map((w) => '-'.repeat(w)).join('  '),
		...rows.map(line),
		'',
		'accuracy = right / (items - failed), ± half its 95% Wilson interval; failed items are neither right nor wrong.',
		"same as first = answers equal to the first engine's (token ids, or text where an engine gives none), and equal verdicts.",
		qualitySentence(record) ?? '',
		...failures
			.slice(0, 5)
			.map(
				(r) =>
					`Error ${labels.get(r.engineId) ?? r.engineId} ${r.caseId}: ${r.result.error!.name}: ${r.result.error!.message}`
			)
	].join('\n');
}

/** What went wrong or needs a caveat, run by run: errors (name and message) and notices. */
export function formatRunProblems(record: ResultRecord): string[] {
	const labels = engineLabels(record);
	const label = (id: string) => labels.get(id) ?? id;
	const lines: string[] = [];
	for (const { id, info } of record.engines)
		for (const notice of info.notices ?? []) lines.push(`Notice ${label(id)}: ${notice}`);
	for (const run of [...record.warmups, ...record.runs]) {
		const where = `${label(run.engineId)} ${run.caseId} ${run.warmup ? 'warm-up' : `rep ${(run.repetition ?? 0) + 1}`}`;
		if (run.result.error) lines.push(`Error ${where}: ${run.result.error.name}: ${run.result.error.message}`);
		for (const notice of run.result.notices ?? []) lines.push(`Notice ${where}: ${notice}`);
	}
	return lines;
}

/** Engines none of whose counted runs succeeded: the benchmark says nothing about them. */
export function enginesWithoutSuccess(record: ResultRecord): string[] {
	return record.engines
		.filter(({ id }) => {
			const runs = record.runs.filter((r) => r.engineId === id && !r.warmup);
			return runs.length > 0 && runs.every((r) => r.metrics === null);
		})
		.map(({ id }) => engineLabels(record).get(id) ?? id);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON safe inside <script>: no "</script>" or "<!--" can close it early. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

export function htmlReport(record: ResultRecord, chartJsUmd: string): string {
	const charts = record.parameters.cases.flatMap((c) => {
		const list = [
			distributionChart(record, 'ttftMs', c.id, LIGHT_THEME),
			distributionChart(record, 'decodeTokensPerS', c.id, LIGHT_THEME),
			timelineChart(record, c.id, LIGHT_THEME),
			breakEvenChart(record, c.id, LIGHT_THEME)
		];
		return list.filter((x) => x !== null);
	});
	charts.push(
		...[qualityChart(record, 'speed', LIGHT_THEME), qualityChart(record, 'cost', LIGHT_THEME)].filter((x) => x !== null)
	);
	const quality = formatQuality(record);
	const d = record.device;
	const device = Object.entries({
		Browser: d.browser ?? d.userAgent,
		OS: d.os,
		'CPU cores': d.cores,
		'Memory (hint, GB)': d.deviceMemoryGb,
		'GPU adapter': d.gpuAdapter ? `${d.gpuAdapter.vendor} ${d.gpuAdapter.architecture}` : 'none',
		Backend: d.backend,
		Threads: d.threads,
		'Cross-origin isolated': d.crossOriginIsolated,
		Online: d.online,
		'User agent': d.userAgent
	})
		.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(String(v ?? 'unknown'))}</td></tr>`)
		.join('');
	const engines = record.engines
		.map(
			({ info }) =>
				`<li><b>${escapeHtml(info.label)}</b> (${info.kind}): ${escapeHtml([info.model.id, info.model.dtype, info.backend, info.threads && `${info.threads} threads`, info.endpointBaseUrl].filter(Boolean).join(', '))}</li>`
		)
		.join('');
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(record.title)} · Edgewise</title>
<style>body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1f2937}pre{background:#f3f4f6;padding:.75rem;overflow:auto}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:1rem}.chart{height:280px;position:relative}
table{border-collapse:collapse}th,td{text-align:left;padding:.15rem .6rem .15rem 0}</style></head><body>
<h1>${escapeHtml(record.title)}</h1>
<p>${escapeHtml(record.createdAt)} · Edgewise ${escapeHtml(record.appVersion)} · suite ${escapeHtml(String(record.parameters.suiteId))} · ${record.parameters.repetitions} repetitions after ${record.parameters.warmupRuns} warm-up per engine · status ${record.status}</p>
<ul>${engines}</ul>
<h2>Summary</h2><pre>${escapeHtml(formatTable(record))}</pre>
${quality ? `<h2>Quality</h2><pre>${escapeHtml(quality)}</pre>` : ''}
<h2>Device</h2><table>${device}</table>
<h2>Charts</h2><div class="charts">${charts.map((_, i) => `<div class="chart"><canvas id="c${i}"></canvas></div>`).join('')}</div>
<script>${chartJsUmd.replace(/<\/script/gi, '<\\/script')}</script>
<script>const configs=${scriptJson(charts)};configs.forEach((c,i)=>new Chart(document.getElementById('c'+i),c));</script>
</body></html>
`;
}
