// Quality beside speed and cost, from a record built by the real runner over test engines.
import { describe, expect, it } from 'vitest';
import { LIGHT_THEME } from '../bench/charts';
import { benchmarkRecord } from '../bench/record';
import { runBenchmark } from '../bench/runner';
import { getSuite } from '../bench/suite';
import { nodeDeviceReport } from '../bench/testing/device-report';
import { qualityChart } from './charts';
import { formatAccuracy, formatInterval, qualityPoints, qualitySentence } from './present';
import { qualityPlan, runQuality } from './run';
import { AnswerEngine, calculator } from './testing/answer-engine';

async function record(suites = ['arithmetic']) {
	const clock = { t: 1_700_000_000_000 };
	const engines = [
		{
			id: 'local',
			engine: new AnswerEngine({ kind: 'local', label: 'device', answer: () => ' 7', clock, msPerToken: 10 })
		},
		{
			id: 'cloud',
			engine: new AnswerEngine({ kind: 'cloud', label: 'cloud', answer: calculator, clock, msPerToken: 5 })
		}
	];
	const cases = getSuite('quick').cases;
	const speed = await runBenchmark({ engines, cases, repetitions: 1, clock: () => clock.t });
	const plan = qualityPlan(suites, [], 'completion');
	const outcome = await runQuality(engines, plan);
	return benchmarkRecord(
		speed,
		cases,
		1,
		'quick',
		{
			device: nodeDeviceReport(),
			appVersion: 'test',
			pricesByEngine: { cloud: { inputUsdPerMTokens: 1000, outputUsdPerMTokens: 2000 } }
		},
		{ plan, outcome }
	);
}

describe('quality beside speed and cost', () => {
	it('reads an accuracy with its ± (half the interval) and the interval itself', () => {
		expect(formatAccuracy({ accuracy: 0.5, ci95: [0.2366, 0.7634] })).toBe('50% ±26');
		expect(formatAccuracy({ accuracy: null, ci95: null })).toBe('no answers');
		expect(formatInterval([0.2366, 0.7634])).toBe('[24%, 76%]');
	});

	it('gives each engine its score, median decode and TTFT, and the cost of 1,000 answers', async () => {
		const r = await record();
		const [device, cloud] = qualityPoints(r);
		expect(device).toMatchObject({ engineId: 'local', onDevice: true, costPer1kAnswersUsd: 0 });
		// Speed from the speed runs: one character per token, 10 ms apart locally, 5 ms in the cloud.
		expect(device!.decodeTokensPerS).toBeCloseTo(100, 6);
		expect(cloud!.decodeTokensPerS).toBeCloseTo(200, 6);
		expect(cloud!.accuracy).toBe(1);
		// The cloud's cost: its quality answers' tokens at the list prices, per 1,000 answers.
		const answers = r.quality!.runs.filter((x) => x.engineId === 'cloud');
		const usd = answers.reduce((s, x) => s + (x.result.inputTokens! * 1000 + x.result.outputTokens * 2000) / 1e6, 0);
		expect(cloud!.costPer1kAnswersUsd).toBeCloseTo((usd / answers.length) * 1000, 9);
		const sentence = qualitySentence(r)!;
		expect(sentence).toMatch(
			/^Quality \(arithmetic; completion prompts\): device: \d+% ±\d+ at 100 tok\/s, TTFT \d+ ms, \$0; cloud: 100% ±\d+ at 200 tok\/s, TTFT \d+ ms, \$[\d.]+ per 1,000 answers\.$/
		);
	});

	it('draws one point per engine against speed and against cost, with its interval', async () => {
		const r = await record();
		const speed = qualityChart(r, 'speed', LIGHT_THEME)!;
		expect(speed.data.datasets.map((d) => d.label)).toEqual(['device', 'cloud']);
		const cloud = speed.data.datasets[1]!.data as { x: number; y: number }[];
		expect(cloud[1]).toEqual({ x: expect.closeTo(200, 6), y: 100 });
		expect(cloud[0]!.y).toBeLessThan(100);
		expect(cloud[2]!.y).toBe(100);
		expect(qualityChart(r, 'cost', LIGHT_THEME)!.data.datasets).toHaveLength(2);
		expect(
			qualityChart({ ...r, engines: r.engines.map(({ quality: _q, ...e }) => e) }, 'speed', LIGHT_THEME)
		).toBeNull();
	});

	it('says how often each engine gave the first slot\u2019s answer when the agreement suite ran', async () => {
		const r = await record(['arithmetic', 'agreement']);
		// The device always says 7; the calculator says 7 on the agreement items whose answer is 7, if any.
		const cloud = r.engines[1]!.quality!.suites[1]!;
		expect(qualitySentence(r)).toMatch(
			new RegExp(`Same answers as device: cloud \\d+% ±\\d+ \\(${cloud.correct} of 16\\)\\.$`)
		);
		// The total is the answer-key suite's, not the agreement's.
		expect(r.engines[1]!.quality!.suite).toBe('arithmetic');
	});
});
