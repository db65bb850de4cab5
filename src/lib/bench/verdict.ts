// The verdict: what a comparison found, one plain sentence per metric with its ratio, every other engine
// against the first one given. It reads the same figures the panes and the summary table show
// (metrics.ts for one run, the medians of summary.ts for a benchmark), formats them as the panes do
// (format.ts), and takes break-even from break-even.ts, so a sentence never disagrees with a number
// on screen. Caveats come from what the runs and engines said about themselves (notices, a software GPU
// adapter, chunk-counted tokens, noisy repetitions).
import { distinctLabels, type LabelledEngine } from './engine-labels';
import type { EngineInfo, GenerationResult, TokensSource } from '../engine/types';
import { breakEven, type BreakEvenVerdict } from './break-even';
import { decodeSourceNote, formatDecode, reporterOf, type DecodeSourceOver } from './decode-source';
import { formatMs, formatPercent, formatRatio } from './format';
import type { RunMetrics } from './metrics';
import type { ResultRecord } from './schema';

/** One engine's figures: a single run's metrics (Compare) or a case's medians (a benchmark). */
export interface VerdictFigures {
	ttftMs: number | null;
	decodeTokensPerS: number | null;
	tpotMs: number | null;
	e2eMs: number | null;
	outputTokens: number | null;
}

export interface VerdictEngine {
	id: string;
	info: Pick<EngineInfo, 'placement' | 'label' | 'adapter' | 'notices'>;
	figures: VerdictFigures;
	/** Who timed decode (and so tpot): the client, or the server where the stream arrived in bursts. */
	decodeSource?: DecodeSourceOver | null;
	/** What the runs said about their own measurement (e.g. a stream read in bursts). */
	runNotices?: string[];
	tokensSource?: TokensSource | null;
	/** Metrics whose repetitions vary by more than the noisy threshold, with their CV (0.12 = 12%). */
	noisy?: { metric: string; cv: number }[];
}

export type VerdictMetric = 'ttft' | 'decode' | 'e2e' | 'break-even';

export interface VerdictLine {
	metric: VerdictMetric;
	text: string;
	/** Larger over smaller figure (>= 1); null when either side has no figure. */
	ratio: number | null;
	/** The engine ahead on this metric; null for a tie or when it cannot be said. */
	leaderId: string | null;
}

export interface VerdictComparison {
	baselineId: string;
	otherId: string;
	lines: VerdictLine[];
}

export type CaveatKind = 'single-run' | 'noisy' | 'software-adapter' | 'chunk-counted' | 'notice';
export interface VerdictCaveat {
	kind: CaveatKind;
	engineId: string | null;
	text: string;
}

export interface Verdict {
	comparisons: VerdictComparison[];
	caveats: VerdictCaveat[];
}

/** Ratios that round to 1.0x are "about the same": the second decimal is below what these machines resolve. */
const SAME_BELOW = 1.05;

// A sentence starts with a capital, but a name keeps its own case ("hf-stories260K", "http://…"): only the
// words the verdict writes itself (its generic names and metric names) are capitalised.
const OWN_WORDS = ['this device', 'the cloud', 'time to first token', 'decode speed', 'end to end'];
const capitalize = (s: string) => (OWN_WORDS.some((w) => s.startsWith(w)) ? s.charAt(0).toUpperCase() + s.slice(1) : s);

/**
 * How sentences call each engine: "this device" or "the cloud" when it is the only one on the device (or remote),
 * else its own label (two local configurations must not both be "this device"), told apart when two share one.
 */
export function engineNames(
	engines: { id: string; info: LabelledEngine['info'] & Pick<EngineInfo, 'placement'> }[]
): Record<string, string> {
	const generic: Record<EngineInfo['placement'], string> = { device: 'this device', remote: 'the cloud' };
	const count = (placement: EngineInfo['placement']) => engines.filter((e) => e.info.placement === placement).length;
	const labels = distinctLabels(engines);
	return Object.fromEntries(
		engines.map((e) => [e.id, count(e.info.placement) === 1 ? generic[e.info.placement] : (labels[e.id] ?? e.id)])
	);
}

/** engineNames names every engine it was given; an id it was not given reads as itself. */
function nameOf(names: Record<string, string>, id: string): string {
	return names[id] ?? id;
}

interface Side {
	id: string;
	name: string;
	value: number | null;
	text: string;
	tokens: number | null;
}

/** Who is ahead when lower is better (times) or higher is better (speeds), and by what ratio. */
function lead(
	a: Side,
	b: Side,
	better: 'lower' | 'higher'
): { ratio: number; leader: Side; other: Side; same: boolean } | null {
	if (a.value === null || b.value === null || a.value <= 0 || b.value <= 0) return null;
	const aAhead = better === 'lower' ? a.value <= b.value : a.value >= b.value;
	const [leader, other] = aAhead ? [a, b] : [b, a];
	const ratio = Math.max(a.value, b.value) / Math.min(a.value, b.value);
	return { ratio, leader, other, same: ratio < SAME_BELOW };
}

function missing(metric: VerdictMetric, what: string, a: Side, b: Side, why: string): VerdictLine {
	const absent = [a, b].filter((s) => s.value === null).map((s) => s.name);
	return {
		metric,
		text: `${capitalize(what)}: no figure for ${absent.join(' or ')} (${why}).`,
		ratio: null,
		leaderId: null
	};
}

function ttftLine(a: Side, b: Side): VerdictLine {
	const l = lead(a, b, 'lower');
	if (!l) return missing('ttft', 'time to first token', a, b, 'no token arrived');
	if (l.same)
		return {
			metric: 'ttft',
			text: `${capitalize(a.name)} and ${b.name} answered about as fast: ${a.text} vs ${b.text} to the first token.`,
			ratio: l.ratio,
			leaderId: null
		};
	return {
		metric: 'ttft',
		text: `${capitalize(l.leader.name)} answered first: ${l.leader.text} vs ${l.other.text} to the first token (${formatRatio(l.ratio)} sooner).`,
		ratio: l.ratio,
		leaderId: l.leader.id
	};
}

function decodeLine(a: Side, b: Side): VerdictLine {
	const l = lead(a, b, 'higher');
	if (!l)
		return missing(
			'decode',
			'decode speed',
			a,
			b,
			'a single token, or all its tokens arrived at once and no server figure stood in'
		);
	if (l.same)
		return {
			metric: 'decode',
			text: `${capitalize(a.name)} and ${b.name} decode about as fast: ${a.text} vs ${b.text}.`,
			ratio: l.ratio,
			leaderId: null
		};
	return {
		metric: 'decode',
		text: `${capitalize(l.leader.name)} decodes ${formatRatio(l.ratio)} faster: ${l.leader.text} vs ${l.other.text}.`,
		ratio: l.ratio,
		leaderId: l.leader.id
	};
}

function e2eLine(a: Side, b: Side): VerdictLine {
	const l = lead(a, b, 'lower');
	if (!l) return missing('e2e', 'end to end', a, b, 'no token arrived');
	// Answers of different lengths are unequal work: say so beside their times.
	const lengths = (x: Side, y: Side) =>
		x.tokens !== null && y.tokens !== null && x.tokens !== y.tokens ? `${x.tokens} vs ${y.tokens} output tokens` : '';
	if (l.same) {
		const note = lengths(a, b);
		return {
			metric: 'e2e',
			text: `${capitalize(a.name)} and ${b.name} finished about together: ${a.text} vs ${b.text} for the whole answer${note && ` (${note})`}.`,
			ratio: l.ratio,
			leaderId: null
		};
	}
	const note = lengths(l.leader, l.other);
	return {
		metric: 'e2e',
		text: `${capitalize(l.leader.name)} finished the whole answer first: ${l.leader.text} vs ${l.other.text} (${note && `${note}; `}${formatRatio(l.ratio)} sooner).`,
		ratio: l.ratio,
		leaderId: l.leader.id
	};
}

function breakEvenSentence(v: BreakEvenVerdict, a: string, b: string): string {
	switch (v.kind) {
		case 'always':
			return `${capitalize(a)} finishes first at every output length.`;
		case 'never':
			return `${capitalize(b)} finishes first at every output length (or ties).`;
		case 'tie':
			return `${capitalize(a)} and ${b} finish together at every output length.`;
		case 'below':
			return `${capitalize(a)} finishes first below ${v.belowTokens} output tokens; from there on ${b} does.`;
		case 'from':
			return `${capitalize(b)} finishes first below ${v.fromTokens} output tokens; from there on ${a} does.`;
	}
}

function breakEvenLine(a: VerdictEngine, b: VerdictEngine, names: Record<string, string>): VerdictLine {
	const fa = a.figures;
	const fb = b.figures;
	if (fa.ttftMs === null || fa.tpotMs === null || fb.ttftMs === null || fb.tpotMs === null)
		return {
			metric: 'break-even',
			text: `Break-even: not known (${fa.tpotMs === null ? nameOf(names, a.id) : nameOf(names, b.id)} has no time per token: a single token, or all its tokens arrived at once and no server figure stood in).`,
			ratio: null,
			leaderId: null
		};
	const v = breakEven({ ttftMs: fa.ttftMs, tpotMs: fa.tpotMs }, { ttftMs: fb.ttftMs, tpotMs: fb.tpotMs });
	const leaderId = v.kind === 'always' ? a.id : v.kind === 'never' ? b.id : null;
	// A time per token derived from a server's decode figure is said, with what it is combined with.
	const derived = [a, b]
		.filter((e) => decodeSourceNote(e.decodeSource, e.info.placement) !== '')
		.map((e) => `${nameOf(names, e.id)}'s time per token is the ${reporterOf(e.info.placement)}'s figure`);
	const note = derived.length ? ` ${capitalize(derived.join('; '))}, with this client's time to first token.` : '';
	return {
		metric: 'break-even',
		text: breakEvenSentence(v, nameOf(names, a.id), nameOf(names, b.id)) + note,
		ratio: null,
		leaderId
	};
}

function compareTwo(a: VerdictEngine, b: VerdictEngine, names: Record<string, string>): VerdictComparison {
	const side = (e: VerdictEngine, value: number | null, text: (v: number) => string): Side => ({
		id: e.id,
		name: nameOf(names, e.id),
		value,
		text: value === null ? '' : text(value),
		tokens: e.figures.outputTokens
	});
	return {
		baselineId: a.id,
		otherId: b.id,
		lines: [
			ttftLine(side(a, a.figures.ttftMs, formatMs), side(b, b.figures.ttftMs, formatMs)),
			decodeLine(
				side(a, a.figures.decodeTokensPerS, (v) => formatDecode(v, a.decodeSource, a.info.placement)),
				side(b, b.figures.decodeTokensPerS, (v) => formatDecode(v, b.decodeSource, b.info.placement))
			),
			e2eLine(side(a, a.figures.e2eMs, formatMs), side(b, b.figures.e2eMs, formatMs)),
			breakEvenLine(a, b, names)
		]
	};
}

function caveatsOf(engines: VerdictEngine[], names: Record<string, string>, singleRun: boolean): VerdictCaveat[] {
	const out: VerdictCaveat[] = [];
	if (singleRun)
		out.push({
			kind: 'single-run',
			engineId: null,
			text: 'One run on each side: a benchmark on Results gives medians over repetitions.'
		});
	for (const e of engines) {
		const name = capitalize(nameOf(names, e.id));
		if (e.noisy?.length)
			out.push({
				kind: 'noisy',
				engineId: e.id,
				text: `Noisy: ${nameOf(names, e.id)}'s ${e.noisy.map((n) => `${n.metric} varies by ${formatPercent(n.cv, 0)}`).join(', ')} between runs; treat its ratios as rough.`
			});
		const adapter = e.info.adapter;
		if (adapter?.isFallbackAdapter)
			out.push({
				kind: 'software-adapter',
				engineId: e.id,
				text: `${name} ran WebGPU on a software adapter (${`${adapter.vendor} ${adapter.architecture}`.trim()}): the processor emulates the GPU, so this is not a GPU's speed.`
			});
		if (e.tokensSource === 'chunks')
			out.push({
				kind: 'chunk-counted',
				engineId: e.id,
				text: `${name} reported no token usage: its tokens were counted from stream chunks, which may hold several tokens each.`
			});
		for (const notice of new Set([...(e.info.notices ?? []), ...(e.runNotices ?? [])]))
			out.push({ kind: 'notice', engineId: e.id, text: `${name}: ${notice}` });
	}
	return out;
}

/**
 * Every engine after the first against the first; null with fewer than two engines. `names`: what to call each
 * engine (the Compare page's slot names), else engineNames.
 */
export function verdictOf(
	engines: VerdictEngine[],
	options: { singleRun: boolean; names?: Record<string, string> }
): Verdict | null {
	const [baseline, ...others] = engines;
	if (!baseline || others.length === 0) return null;
	const names = { ...engineNames(engines), ...options.names };
	return {
		comparisons: others.map((other) => compareTwo(baseline, other, names)),
		caveats: caveatsOf(engines, names, options.singleRun)
	};
}

const NOISY_METRIC_NAMES = {
	ttftMs: 'time to first token',
	decodeTokensPerS: 'decode speed',
	tpotMs: 'time per token',
	e2eMs: 'end to end'
} as const;

/** The verdict of a saved result for one case, from the medians its summary table shows. */
export function verdictOfRecord(record: ResultRecord, caseId: string): Verdict | null {
	const engines = record.engines.flatMap(({ id, info }): VerdictEngine[] => {
		const summary = record.summaries.find((s) => s.caseId === caseId && s.engineId === id);
		if (!summary) return [];
		const m = summary.metrics;
		const runs = record.runs.filter((r) => !r.warmup && r.caseId === caseId && r.engineId === id);
		return [
			{
				id,
				info,
				figures: {
					ttftMs: m.ttftMs?.median ?? null,
					decodeTokensPerS: m.decodeTokensPerS?.median ?? null,
					tpotMs: m.tpotMs?.median ?? null,
					e2eMs: m.e2eMs?.median ?? null,
					outputTokens: m.outputTokens?.median ?? null
				},
				decodeSource: { server: summary.serverDecodeRuns ?? 0, of: m.decodeTokensPerS?.n ?? 0 },
				runNotices: runs.flatMap((r) => r.result.notices ?? []),
				tokensSource: runs.some((r) => r.metrics?.tokensSource === 'chunks')
					? 'chunks'
					: (runs.find((r) => r.metrics)?.metrics?.tokensSource ?? null),
				noisy: (Object.keys(NOISY_METRIC_NAMES) as (keyof typeof NOISY_METRIC_NAMES)[]).flatMap((key) => {
					const s = m[key];
					return s?.noisy && s.cv !== null ? [{ metric: NOISY_METRIC_NAMES[key], cv: s.cv }] : [];
				})
			}
		];
	});
	return verdictOf(engines, { singleRun: record.kind === 'run' });
}

/** One finished side of a Compare run, as its pane shows it. */
export interface RunSide {
	id: string;
	info: EngineInfo | null;
	metrics: RunMetrics | null;
	result: GenerationResult | null;
}

/** The verdict of one Compare run: null until at least two sides have finished with figures. */
export function verdictOfRuns(sides: RunSide[], names?: Record<string, string>): Verdict | null {
	const done = sides.flatMap(({ id, info, metrics, result }): VerdictEngine[] =>
		info && metrics && result && (result.finishReason === 'stop' || result.finishReason === 'length')
			? [
					{
						id,
						info,
						figures: {
							ttftMs: metrics.ttftMs,
							decodeTokensPerS: metrics.decodeTokensPerS,
							tpotMs: metrics.tpotMs,
							e2eMs: metrics.e2eMs,
							outputTokens: metrics.outputTokens
						},
						decodeSource: metrics.decodeSource ?? 'client',
						runNotices: result.notices ?? [],
						tokensSource: metrics.tokensSource
					}
				]
			: []
	);
	return verdictOf(done, { singleRun: true, names });
}
