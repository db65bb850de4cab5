import { describe, expect, it } from 'vitest';
import { DEVICE_TRAITS, REMOTE_TRAITS } from './testing/engine-traits';
import { formatMs, formatRate, formatRatio } from './format';
import { computeRunMetrics } from './metrics';
import { at } from './testing/must';
import { scriptedRecord } from './testing/scripted-benchmark';
import {
	engineNames,
	verdictOf,
	verdictOfRecord,
	verdictOfRuns,
	type VerdictEngine,
	type VerdictFigures
} from './verdict';

const figures = (ttftMs: number | null, tpotMs: number | null, outputTokens = 64): VerdictFigures => ({
	ttftMs,
	tpotMs,
	decodeTokensPerS: tpotMs ? 1000 / tpotMs : null,
	e2eMs: ttftMs === null ? null : ttftMs + (outputTokens - 1) * (tpotMs ?? 0),
	outputTokens
});
const local = (f: VerdictFigures, extra: Partial<VerdictEngine> = {}): VerdictEngine => ({
	id: 'local',
	info: { placement: 'device', label: 'Local q8' },
	figures: f,
	...extra
});
const cloud = (f: VerdictFigures, extra: Partial<VerdictEngine> = {}): VerdictEngine => ({
	id: 'cloud',
	info: { placement: 'remote', label: 'Reference' },
	figures: f,
	...extra
});
const texts = (engines: VerdictEngine[]) =>
	verdictOf(engines, { singleRun: false })!.comparisons.map((c) => c.lines.map((l) => l.text));

describe('verdict wording', () => {
	it('never changes a name’s case, at the start of a sentence either (issue 20, finding 5)', () => {
		const a = {
			...local(figures(40, 5)),
			id: 'a',
			info: { placement: 'device' as const, label: 'hf-stories260K · q8' }
		};
		const b = {
			...local(figures(50, 4)),
			id: 'b',
			info: { placement: 'device' as const, label: 'hf-stories260K · fp32' }
		};
		const c = { ...cloud(figures(180, 2)), id: 'c', info: { placement: 'remote' as const, label: 'x' } };
		const verdict = verdictOf([a, b, c], {
			singleRun: true,
			names: { c: 'http://127.0.0.1:4576/v1 · stories' }
		})!;
		const all = verdict.comparisons.flatMap((cmp) => cmp.lines.map((l) => l.text));
		expect(all).toContain('hf-stories260K · q8 answered first: 40.0 ms vs 50.0 ms to the first token (1.3x sooner).');
		expect(all).toContain('http://127.0.0.1:4576/v1 · stories decodes 2.5x faster: 500 tok/s vs 200 tok/s.');
		expect(all.join(' ')).not.toMatch(/Hf-|Http:/);
		// Sentences the verdict words itself still start with a capital.
		expect(at(texts([local(figures(40, 5)), cloud(figures(180, 3.75))]), 0)[0]).toMatch(/^This device answered first/);
	});

	it('calls each engine by the name it is given (one name per slot, issue 20, finding 6)', () => {
		const verdict = verdictOf([local(figures(40, 5)), cloud(figures(180, 3.75))], {
			singleRun: true,
			names: { local: 'edgewise-tiny · webgpu q4', cloud: 'Reference · edgewise-tiny' }
		})!;
		expect(at(verdict.comparisons, 0).lines[0]?.text).toBe(
			'edgewise-tiny · webgpu q4 answered first: 40.0 ms vs 180 ms to the first token (4.5x sooner).'
		);
	});

	it('says who answered first, who decodes faster, who finished first and the break-even, with ratios', () => {
		// dTtft = -140 ms, dTpot = 1.25 ms: the lines cross at 1 + 140 / 1.25 = 113 tokens.
		const lines = at(texts([local(figures(40, 5)), cloud(figures(180, 3.75))]), 0);
		expect(lines).toEqual([
			'This device answered first: 40.0 ms vs 180 ms to the first token (4.5x sooner).',
			'The cloud decodes 1.3x faster: 267 tok/s vs 200 tok/s.',
			'This device finished the whole answer first: 355 ms vs 416 ms (1.2x sooner).',
			'This device finishes first below 113 output tokens; from there on the cloud does.'
		]);
	});

	it('names the leader whichever side it is, and the other way round for break-even', () => {
		const lines = at(texts([local(figures(300, 2)), cloud(figures(100, 4))]), 0);
		expect(lines[0]).toBe('The cloud answered first: 100 ms vs 300 ms to the first token (3.0x sooner).');
		expect(lines[1]).toBe('This device decodes 2.0x faster: 500 tok/s vs 250 tok/s.');
		// d(n) = 200 - 2 (n - 1): zero at n = 101, so this device is ahead from 102 on.
		expect(lines[3]).toBe('The cloud finishes first below 102 output tokens; from there on this device does.');
	});

	it('calls figures within 5% "about as fast", and a side that is ahead on every length says so', () => {
		const lines = at(texts([local(figures(100, 10)), cloud(figures(103, 10.2))]), 0);
		expect(lines[0]).toBe('This device and the cloud answered about as fast: 100 ms vs 103 ms to the first token.');
		expect(lines[1]).toBe('This device and the cloud decode about as fast: 100 tok/s vs 98.0 tok/s.');
		expect(lines[3]).toBe('This device finishes first at every output length.');
		expect(at(texts([local(figures(200, 10)), cloud(figures(100, 5))]), 0)[3]).toBe(
			'The cloud finishes first at every output length (or ties).'
		);
		const [, , e2e, together] = at(texts([local(figures(100, 10)), cloud(figures(100, 10))]), 0);
		expect(e2e).toBe('This device and the cloud finished about together: 730 ms vs 730 ms for the whole answer.');
		expect(together).toBe('This device and the cloud finish together at every output length.');
	});

	it('says which figure is missing instead of inventing a ratio', () => {
		const v = verdictOf([local(figures(40, 5)), cloud(figures(180, null, 1))], { singleRun: false })!;
		const { lines } = at(v.comparisons, 0);
		const [ttft, decode, breakEven] = [at(lines, 0), at(lines, 1), at(lines, 3)];
		expect(ttft.ratio).toBeCloseTo(4.5, 12);
		expect(decode).toEqual({
			metric: 'decode',
			text: 'Decode speed: no figure for the cloud (a single token, or all its tokens arrived at once and no server figure stood in).',
			ratio: null,
			leaderId: null
		});
		expect(breakEven.text).toBe(
			'Break-even: not known (the cloud has no time per token: a single token, or all its tokens arrived at once and no server figure stood in).'
		);
	});

	it('mentions different answer lengths beside the end-to-end times', () => {
		const lines = at(texts([local(figures(40, 5, 10)), cloud(figures(180, 3.75, 64))]), 0);
		expect(lines[2]).toBe(
			'This device finished the whole answer first: 85.0 ms vs 416 ms (10 vs 64 output tokens; 4.9x sooner).'
		);
	});

	it('compares every engine with the first, by label when two share a kind', () => {
		const engines: VerdictEngine[] = [
			local(figures(40, 5)),
			{ id: 'local-2', info: { placement: 'device', label: 'Local fp32' }, figures: figures(80, 10) },
			cloud(figures(180, 3.75))
		];
		expect(engineNames(engines)).toEqual({ local: 'Local q8', 'local-2': 'Local fp32', cloud: 'the cloud' });
		const v = verdictOf(engines, { singleRun: false })!;
		expect(v.comparisons.map((c) => [c.baselineId, c.otherId])).toEqual([
			['local', 'local-2'],
			['local', 'cloud']
		]);
		expect(at(at(v.comparisons, 0).lines, 0).text).toBe(
			'Local q8 answered first: 40.0 ms vs 80.0 ms to the first token (2.0x sooner).'
		);
		expect(verdictOf([local(figures(1, 1))], { singleRun: true })).toBeNull();
	});

	it('ratios: one decimal below 10x, whole numbers above', () => {
		expect(formatRatio(1.44)).toBe('1.4x');
		expect(formatRatio(9.96)).toBe('10.0x');
		expect(formatRatio(12.4)).toBe('12x');
	});
});

describe('verdict caveats', () => {
	it('reads a software adapter, chunk-counted tokens and the runs’ notices; a single run says so', () => {
		const v = verdictOf(
			[
				local(figures(40, 5), {
					info: {
						placement: 'device',
						label: 'Local',
						adapter: { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true },
						notices: ['q8 has no WebGPU kernels.']
					}
				}),
				cloud(figures(180, 3.75), {
					tokensSource: 'chunks',
					runNotices: ['Arrived in 2 bursts.', 'Arrived in 2 bursts.']
				})
			],
			{ singleRun: true }
		)!;
		expect(v.caveats.map((c) => [c.kind, c.engineId, c.text])).toEqual([
			['single-run', null, 'One run on each side: a benchmark on Results gives medians over repetitions.'],
			[
				'software-adapter',
				'local',
				"This device ran WebGPU on a software adapter (google swiftshader): the processor emulates the GPU, so this is not a GPU's speed."
			],
			['notice', 'local', 'This device: q8 has no WebGPU kernels.'],
			[
				'chunk-counted',
				'cloud',
				'The cloud reported no token usage: its tokens were counted from stream chunks, which may hold several tokens each.'
			],
			['notice', 'cloud', 'The cloud: Arrived in 2 bursts.']
		]);
	});
});

describe('verdictOfRecord', () => {
	it('uses the medians the summary table shows, and flags noisy metrics', async () => {
		const ttft = [0, 100, 100, 150, 150, 110, 110];
		const record = await scriptedRecord({
			sides: [
				{ id: 'local', kind: 'local', label: 'L', script: (i) => ({ ttftMs: at(ttft, i), tpotMs: 10 }) },
				{ id: 'cloud', kind: 'cloud', label: 'C', script: () => ({ ttftMs: 300, tpotMs: 5 }) }
			],
			repetitions: 3
		});
		const v = verdictOfRecord(record, 'short-8')!;
		const median = (engineId: string) =>
			record.summaries.find((s) => s.caseId === 'short-8' && s.engineId === engineId)!.metrics.ttftMs!.median;
		expect(median('local')).toBe(110);
		expect(at(at(v.comparisons, 0).lines, 0).text).toBe(
			`This device answered first: ${median('local')} ms vs ${median('cloud')} ms to the first token (2.7x sooner).`
		);
		expect(v.caveats.some((x) => x.kind === 'single-run')).toBe(false);
		// ttft 100, 150, 110 ms: CV 26.5 / 120 = 22%; e2e adds 70 ms to each: 26.5 / 190 = 14%.
		expect(v.caveats.find((x) => x.kind === 'noisy')?.text).toBe(
			"Noisy: this device's time to first token varies by 22%, end to end varies by 14% between runs; treat its ratios as rough."
		);
	});
});

describe('verdictOfRuns', () => {
	const result = (requestMs: number, gaps: number[], extra = {}) => ({
		text: 'x',
		requestMs,
		arrivalsMs: gaps.map((g) => requestMs + g),
		inputTokens: 5,
		outputTokens: gaps.length,
		tokensSource: 'tokenizer' as const,
		finishReason: 'length' as const,
		...extra
	});
	const side = (id: 'local' | 'cloud', r: ReturnType<typeof result>) => ({
		id,
		info: { kind: id, ...(id === 'local' ? DEVICE_TRAITS : REMOTE_TRAITS), label: id, model: { id: 'm' } },
		result: r,
		metrics: computeRunMetrics(r)
	});

	it('words the figures exactly as the panes format them (metrics.ts, format.ts)', () => {
		const a = side('local', result(1000, [41.26, 46.5, 51.75, 57]));
		const b = side('cloud', result(5000, [179.4, 181, 182.6, 184.2], { notices: ['Burst.'] }));
		const v = verdictOfRuns([a, b])!;
		const { lines } = at(v.comparisons, 0);
		const [ttft, decode] = [at(lines, 0), at(lines, 1)];
		expect(ttft.text).toBe(
			`This device answered first: ${formatMs(a.metrics.ttftMs)} vs ${formatMs(b.metrics.ttftMs)} to the first token (4.3x sooner).`
		);
		expect(decode.text).toContain(
			`${formatRate(b.metrics.decodeTokensPerS)} vs ${formatRate(a.metrics.decodeTokensPerS)}`
		);
		expect(v.caveats.map((c) => c.kind)).toEqual(['single-run', 'notice']);
	});

	it("gives decode and break-even from the server's figure, labelled, when the cloud's stream came in one burst", () => {
		// The run: local at 25 tok/s; 64 cloud tokens in one read after 20 ms, the server says 656 tok/s.
		const a = side(
			'local',
			result(
				0,
				Array.from({ length: 64 }, (_, i) => 100 + i * 40)
			)
		);
		const burst = result(
			0,
			Array.from({ length: 64 }, () => 20),
			{ stampedPer: 'read' as const, serverTimings: { source: 'edgewise' as const, decodeTokensPerS: 656 } }
		);
		const b = side('cloud', burst);
		expect(b.metrics.decodeSource).toBe('server');
		const { lines } = at(verdictOfRuns([a, b])!.comparisons, 0);
		expect(at(lines, 1).text).toBe("The cloud decodes 26x faster: 656 tok/s (server's figure) vs 25.0 tok/s.");
		expect(at(lines, 1).ratio).toBeCloseTo(656 / 25, 9);
		expect(at(lines, 3).text).toBe(
			"The cloud finishes first at every output length (or ties). The cloud's time per token is the server's figure, with this client's time to first token."
		);
	});

	it('waits for two finished sides: a failed or missing one gives no verdict', () => {
		const a = side('local', result(0, [10, 20]));
		expect(verdictOfRuns([a, { id: 'cloud', info: null, metrics: null, result: null }])).toBeNull();
		expect(verdictOfRuns([a, side('cloud', result(0, [], { finishReason: 'error' }))])).toBeNull();
	});
});
