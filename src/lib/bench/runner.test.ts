import { describe, expect, it } from 'vitest';
import { runBenchmark, runPlan, type BenchmarkProgress } from './runner';
import { benchmarkRecord } from './record';
import { getSuite } from './suite';
import { at } from './testing/must';
import { ScriptedEngine, type VirtualClock } from './testing/scripted-engine';
import { scriptedBenchmark } from './testing/scripted-benchmark';
import type { DeviceReport } from './schema';
import { nodeDeviceReport } from './testing/device-report';

const cases = getSuite('quick').cases; // short-8, short-32
const device: DeviceReport = nodeDeviceReport({ os: 'linux', cores: 2, collectedAt: '2026-01-01T00:00:00.000Z' });

// Call 0 is the warm-up; calls 1.. follow the plan: rep 0 (short-8, short-32), rep 1 (...), rep 2.
const LOCAL_TTFT = [500, 100, 100, 120, 120, 110, 110];
const CLOUD_TTFT = [900, 300, 300, 360, 360, 240, 240];

function pair(clock: VirtualClock, log: string[], overrides: { cloudFailOn?: number; soft?: boolean } = {}) {
	const local = new ScriptedEngine({
		kind: 'local',
		label: 'L',
		clock,
		log,
		script: (i) => ({ ttftMs: at(LOCAL_TTFT, i), tpotMs: 10 })
	});
	const cloud = new ScriptedEngine({
		kind: 'cloud',
		label: 'C',
		clock,
		log,
		script: (i) => ({
			ttftMs: at(CLOUD_TTFT, i),
			tpotMs: 5,
			...(i === overrides.cloudFailOn
				? { fail: new TypeError('network down'), failAfterTokens: 3, failSoft: overrides.soft }
				: {})
		})
	});
	return {
		local,
		cloud,
		engines: [
			{ id: 'local', engine: local },
			{ id: 'cloud', engine: cloud }
		]
	};
}

describe('runPlan', () => {
	it('takes the engines in turn within each repetition and case, the order rotating by one per repetition', () => {
		expect(runPlan(['A', 'B'], cases, 2).map((r) => `${r.repetition}:${r.caseId}:${r.engineId}`)).toEqual([
			'0:short-8:A',
			'0:short-8:B',
			'0:short-32:A',
			'0:short-32:B',
			'1:short-8:B',
			'1:short-8:A',
			'1:short-32:B',
			'1:short-32:A'
		]);
		const order = (repetition: number) =>
			runPlan(['A', 'B', 'C'], [cases[0]!], 4)
				.filter((r) => r.repetition === repetition)
				.map((r) => r.engineId)
				.join(' ');
		expect([0, 1, 2, 3].map(order)).toEqual(['A B C', 'B C A', 'C A B', 'A B C']);
	});
	it("with rotate: 'case', the order moves on every case (quality items answered once each)", () => {
		const items = ['q1', 'q2', 'q3', 'q4'].map((id) => ({ id, request: at(cases, 0).request }));
		expect(runPlan(['A', 'B', 'C'], items, 1, 'case').map((r) => `${r.caseId}:${r.engineId}`)).toEqual([
			'q1:A',
			'q1:B',
			'q1:C',
			'q2:B',
			'q2:C',
			'q2:A',
			'q3:C',
			'q3:A',
			'q3:B',
			'q4:A',
			'q4:B',
			'q4:C'
		]);
	});
});

describe('runBenchmark with scripted engines', () => {
	it('warms up once per engine uncounted, then takes turns in rotating order, with exact metrics', async () => {
		const clock = { t: 0 };
		const log: string[] = [];
		const { engines } = pair(clock, log);
		const outcome = await runBenchmark({ engines, cases, repetitions: 3, clock: () => clock.t });
		expect(outcome.status).toBe('complete');
		// Warm-ups, then repetition 0 local first, repetition 1 cloud first, repetition 2 local first again.
		expect(log).toEqual([
			'L#0',
			'C#0',
			'L#1',
			'C#1',
			'L#2',
			'C#2',
			'C#3',
			'L#3',
			'C#4',
			'L#4',
			'L#5',
			'C#5',
			'L#6',
			'C#6'
		]);
		expect(outcome.warmups.map((w) => [w.engineId, w.warmup, w.repetition, w.sequence])).toEqual([
			['local', true, null, 0],
			['cloud', true, null, 1]
		]);
		expect(outcome.runs).toHaveLength(12);
		expect(outcome.runs.map((r) => r.sequence)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
		// Each side produced exactly what was asked, and that is what was recorded.
		const first = at(outcome.runs, 0);
		expect(first.result.outputTokens).toBe(8);
		expect(first.result.text).toBe('t0 t1 t2 t3 t4 t5 t6 t7 ');
		expect(first.metrics).toMatchObject({
			ttftMs: 100,
			tpotMs: 10,
			e2eMs: 170,
			decodeTokensPerS: 100,
			outputTokens: 8
		});

		const record = benchmarkRecord(outcome, cases, 3, 'quick', { device, appVersion: 'test', id: 'r1' });
		const s = (caseId: string, engineId: string) =>
			record.summaries.find((x) => x.caseId === caseId && x.engineId === engineId)!;
		// local short-8 ttft: 100, 120, 110 -> median 110, p90 118 (type 7), sample stdev 10, CV 1/11
		const lt = s('short-8', 'local').metrics.ttftMs!;
		expect([lt.n, lt.median, lt.min, lt.max, lt.mean]).toEqual([3, 110, 100, 120, 110]);
		expect(lt.p90).toBeCloseTo(118, 9);
		expect(lt.cv).toBeCloseTo(10 / 110, 9);
		expect(s('short-8', 'local').noisy).toBe(false);
		// cloud short-32 ttft: 300, 360, 240 -> stdev 60, CV 0.2: noisy
		const ct = s('short-32', 'cloud').metrics.ttftMs!;
		expect(ct.median).toBe(300);
		expect(ct.cv).toBeCloseTo(0.2, 9);
		expect(s('short-32', 'cloud').noisy).toBe(true);
		expect(s('short-32', 'cloud').metrics.decodeTokensPerS!.median).toBeCloseTo(200, 9);
		expect(s('short-32', 'cloud').metrics.e2eMs!.median).toBe(300 + 31 * 5);
		// Break-even short-8: local 110 + 10(n-1) vs cloud 300 + 5(n-1) -> equal at n = 39
		const be = record.breakEven.find((b) => b.caseId === 'short-8')!;
		expect(be.verdict).toEqual({ kind: 'below', belowTokens: 39, crossingTokens: 39 });
		expect(be.sentence).toBe('local finishes first below 39 tokens');
	});

	it('reports progress: run k of N, elapsed and an estimate from finished runs', async () => {
		const clock = { t: 0 };
		const { engines } = pair(clock, []);
		const events: BenchmarkProgress[] = [];
		await runBenchmark({
			engines,
			cases,
			repetitions: 3,
			clock: () => clock.t,
			onProgress: (p) => events.push({ ...p })
		});
		expect(events.map((e) => e.phase)).toEqual(['warmup', 'warmup', ...Array(12).fill('run'), 'done']);
		expect(events[0]).toMatchObject({ done: 0, total: 12, elapsedMs: 0, estimatedLeftMs: null });
		// before the second counted run: warm-ups took 570 + 935 ms, the first run 170 ms
		expect(events[3]).toMatchObject({ done: 1, total: 12, elapsedMs: 1675, estimatedLeftMs: 170 * 11 });
		expect(at(events, 3).current).toEqual({ engineId: 'cloud', caseId: 'short-8', repetition: 0, warmup: false });
		expect(events.at(-1)).toMatchObject({ done: 12, estimatedLeftMs: 0, current: null });
	});

	it('records a failing run on that run and carries on', async () => {
		const clock = { t: 0 };
		const log: string[] = [];
		const { engines } = pair(clock, log, { cloudFailOn: 2 }); // cloud's rep 0 short-32 throws after 3 tokens
		const outcome = await runBenchmark({ engines, cases, repetitions: 3, clock: () => clock.t });
		expect(outcome.status).toBe('complete');
		expect(outcome.runs).toHaveLength(12);
		const failed = at(outcome.runs, 3);
		expect([failed.engineId, failed.caseId, failed.repetition]).toEqual(['cloud', 'short-32', 0]);
		expect(failed.result.finishReason).toBe('error');
		expect(failed.result.error).toEqual({ name: 'TypeError', message: 'network down' });
		expect(failed.result.arrivalsMs).toHaveLength(3);
		expect(failed.metrics).toBeNull();
		expect(log.at(-1)).toBe('C#6');
		const record = benchmarkRecord(outcome, cases, 3, 'quick', { device, appVersion: 'test' });
		const s = record.summaries.find((x) => x.caseId === 'short-32' && x.engineId === 'cloud')!;
		expect([s.runs, s.failedRuns, s.metrics.ttftMs!.n]).toEqual([3, 1, 2]);
		expect(s.metrics.ttftMs!.median).toBe(300); // 360 and 240 remain
	});

	it('records a soft failure (finishReason error) the same way', async () => {
		const clock = { t: 0 };
		const { engines } = pair(clock, [], { cloudFailOn: 2, soft: true });
		const outcome = await runBenchmark({ engines, cases, repetitions: 1, clock: () => clock.t });
		expect(outcome.runs.map((r) => r.result.finishReason)).toEqual(['length', 'length', 'length', 'error']);
		expect(at(outcome.runs, 3).metrics).toBeNull();
	});

	for (const honours of [
		{ signal: true, cancel: false },
		{ signal: false, cancel: true }
	])
		it(`cancel stops within one token and starts nothing more (engine honours ${honours.signal ? 'the signal' : 'cancel()'})`, async () => {
			const log: string[] = [];
			const controller = new AbortController();
			const { outcome } = await scriptedBenchmark({
				sides: [
					{ id: 'local', kind: 'local', label: 'L', log, honours, script: () => ({ ttftMs: 100, tpotMs: 10 }) },
					{ id: 'cloud', kind: 'cloud', label: 'C', log, honours, script: () => ({ ttftMs: 300, tpotMs: 5 }) }
				],
				cases,
				repetitions: 3,
				signal: controller.signal,
				// abort on the 3rd token of local's short-32 run in repetition 0
				onToken: (run, event) => {
					if (run.caseId === 'short-32' && run.engineId === 'local' && event.index === 2) controller.abort();
				}
			});
			expect(outcome.status).toBe('cancelled');
			expect(log).toEqual(['L#0', 'C#0', 'L#1', 'C#1', 'L#2']);
			const last = outcome.runs.at(-1)!;
			expect(last.result.finishReason).toBe('cancelled');
			expect(last.result.arrivalsMs.length).toBeLessThanOrEqual(4);
			expect(last.result.arrivalsMs.length).toBeGreaterThanOrEqual(3);
			expect(last.metrics).toBeNull();
			expect(outcome.runs).toHaveLength(3);
		});

	it('runs three engines in rotating order, each with its own exact metrics, and carries on past one that always fails', async () => {
		const clock = { t: 0 };
		const log: string[] = [];
		const engine = (label: string, ttftMs: number, tpotMs: number, fail?: Error) =>
			new ScriptedEngine({ kind: 'local', label, clock, log, script: () => ({ ttftMs, tpotMs, fail }) });
		const outcome = await runBenchmark({
			engines: [
				{ id: 'a', engine: engine('A', 40, 5) },
				{ id: 'b', engine: engine('B', 80, 10) },
				{ id: 'c', engine: engine('C', 20, 2, new TypeError('endpoint refused')) }
			],
			cases: [cases[0]!],
			repetitions: 3,
			clock: () => clock.t
		});
		expect(log).toEqual(['A#0', 'B#0', 'C#0', 'A#1', 'B#1', 'C#1', 'B#2', 'C#2', 'A#2', 'C#3', 'A#3', 'B#3']);
		const record = benchmarkRecord(outcome, [cases[0]!], 3, 'quick', { device, appVersion: 'test' });
		const summary = (id: string) => record.summaries.find((x) => x.engineId === id)!;
		// short-8: 8 tokens, so e2e = ttft + 7 tpot and decode = 1000 / tpot.
		expect(summary('a').metrics.e2eMs!.median).toBe(40 + 7 * 5);
		expect(summary('a').metrics.decodeTokensPerS!.median).toBeCloseTo(200, 9);
		expect(summary('b').metrics.ttftMs!.median).toBe(80);
		expect(summary('b').metrics.e2eMs!.median).toBe(80 + 7 * 10);
		expect([summary('c').runs, summary('c').failedRuns]).toEqual([3, 3]);
		expect(outcome.runs.filter((r) => r.engineId === 'c').map((r) => r.result.error?.name)).toEqual([
			'TypeError',
			'TypeError',
			'TypeError'
		]);
		// Break-even: each engine after the first against the first; the failing one has none.
		expect(record.breakEven.map((e) => [e.aEngineId, e.bEngineId, e.verdict.kind])).toEqual([['a', 'b', 'always']]);
	});

	it('a request field the engine cannot carry out gives the run a notice', async () => {
		const clock = { t: 0 };
		const engine = new ScriptedEngine({
			kind: 'local',
			label: 'No stop strings',
			clock,
			supports: { stop: false },
			script: () => ({ ttftMs: 10, tpotMs: 1 })
		});
		const base = cases[0]!;
		const outcome = await runBenchmark({
			engines: [{ id: 'x', engine }],
			cases: [
				{ ...base, request: { ...base.request, stop: ['\n'] } },
				{ ...base, id: 'no-stop', request: { ...base.request, stop: undefined } }
			],
			repetitions: 1,
			warmupRuns: 0,
			clock: () => clock.t
		});
		expect(outcome.runs.map((r) => r.result.notices)).toEqual([
			['This engine cannot stop at stop strings; it generated up to the token limit instead.'],
			undefined
		]);
	});

	it('an abort before the start runs nothing', async () => {
		const clock = { t: 0 };
		const log: string[] = [];
		const { engines } = pair(clock, log);
		const outcome = await runBenchmark({
			engines,
			cases,
			repetitions: 2,
			signal: AbortSignal.abort(),
			clock: () => clock.t
		});
		expect(log).toEqual([]);
		expect(outcome.status).toBe('cancelled');
	});

	it('rejects a configuration it cannot run, saying what to change', async () => {
		const clock = { t: 0 };
		const { engines } = pair(clock, []);
		const local = at(engines, 0);
		await expect(runBenchmark({ engines, cases, repetitions: 0 })).rejects.toThrow(/at least 1/);
		await expect(runBenchmark({ engines: [], cases, repetitions: 1 })).rejects.toThrow(/at least one engine/);
		await expect(runBenchmark({ engines: [local, local], cases, repetitions: 1 })).rejects.toThrow(/own id/);
	});
});
