import { describe, expect, it } from 'vitest';
import {
	chartHorizonDays,
	crossingDay,
	deviceScale,
	remoteScale,
	scaleInputsOf,
	type RemoteScaleInput,
	type ScaleInputs
} from './scale';
import { at } from './testing/must';
import { sampleBenchmark } from './testing/sample-records';

const measured = (value: number) => ({ value, source: 'measured' as const });
const remote = (inTok: number, outTok: number, inPrice: number, outPrice: number): RemoteScaleInput => ({
	engineId: 'cloud',
	label: 'Cloud',
	inputTokens: measured(inTok),
	outputTokens: measured(outTok),
	prices: { value: { inputUsdPerMTokens: inPrice, outputUsdPerMTokens: outPrice }, source: 'list price' }
});

describe('remoteScale', () => {
	it('prices a fleet per day, month and year, hand-computed', () => {
		// 100 in x $1/M + 50 out x $2/M = $0.0001 + $0.0001 = $0.0002 per request.
		// 1000 users x 10 requests = 10,000 requests/day -> $2/day, $60/month (30 d), $730/year (365 d).
		// Training $1000 / $2 per day -> day 500.
		const inputs: ScaleInputs = { users: 1000, requestsPerUserPerDay: 10, trainingUsd: 1000 };
		const s = remoteScale(remote(100, 50, 1, 2), inputs);
		expect(s.estimate).toBe(true);
		expect(s.perRequestUsd).toBeCloseTo(0.0002, 12);
		expect(s.perDayUsd).toBeCloseTo(2, 9);
		expect(s.perMonthUsd).toBeCloseTo(60, 9);
		expect(s.perYearUsd).toBeCloseTo(730, 9);
		expect(s.crossing).toEqual({ kind: 'day', day: 500 });
	});

	it('rounds a crossing between days up to the day it is passed', () => {
		// $3/day: day 333 reaches $999, day 334 reaches $1002.
		expect(crossingDay(3, 1000)).toEqual({ kind: 'day', day: 334 });
		// Exactly on a day despite floating point: 100 / 0.1 is 1000.0000000000001.
		expect(crossingDay(0.1, 100)).toEqual({ kind: 'day', day: 1000 });
		// A training figure below one day's spend is passed on day 1.
		expect(crossingDay(50, 10)).toEqual({ kind: 'day', day: 1 });
	});

	it('never reaches the training figure at zero prices, and says why', () => {
		const s = remoteScale(remote(100, 50, 0, 0), { users: 1e6, requestsPerUserPerDay: 100, trainingUsd: 5e6 });
		expect(s.perRequestUsd).toBe(0);
		expect(s.perYearUsd).toBe(0);
		expect(s.crossing.kind).toBe('never');
		expect(s.crossing.kind === 'never' && s.crossing.reason).toMatch(/\$0 per day/);
	});

	it('prices only the input when the run produced no output tokens', () => {
		// 200 in x $0.5/M = $0.0001 per request; 0 out costs nothing. 10 users x 5 = 50/day -> $0.005/day.
		const s = remoteScale(remote(200, 0, 0.5, 10), { users: 10, requestsPerUserPerDay: 5, trainingUsd: 1 });
		expect(s.perRequestUsd).toBeCloseTo(0.0001, 12);
		expect(s.perDayUsd).toBeCloseTo(0.005, 12);
		// $1 / $0.005 = day 200.
		expect(s.crossing).toEqual({ kind: 'day', day: 200 });
	});

	it('has no costs without prices, and no crossing without a training figure', () => {
		const noPrices = remoteScale(
			{ ...remote(1, 1, 1, 1), prices: null },
			{ users: 1, requestsPerUserPerDay: 1, trainingUsd: 1 }
		);
		expect(noPrices.perDayUsd).toBeNull();
		expect(noPrices.crossing).toEqual({ kind: 'never', reason: 'no prices for this endpoint' });
		const noTraining = remoteScale(remote(1, 1, 1, 1), { users: 1, requestsPerUserPerDay: 1, trainingUsd: null });
		expect(noTraining.crossing.kind).toBe('no-training');
	});
});

describe('deviceScale', () => {
	it('has no marginal price, a one-off download per user, and device time from the measured e2e', () => {
		// 2 MB x 1000 users = 2 GB once. 150 ms x 10 requests = 1.5 s per user per day;
		// x 1000 users = 1500 s = 0.41666 h of device time per day across the fleet.
		const d = deviceScale(
			{ engineId: 'local', label: 'Device', downloadBytes: measured(2_000_000), e2eMs: measured(150) },
			{ users: 1000, requestsPerUserPerDay: 10, trainingUsd: null }
		);
		expect(d.marginalUsdPerRequest).toBe(0);
		expect(d.totalDownloadBytes).toBe(2_000_000_000);
		expect(d.deviceMsPerUserPerDay).toBe(1500);
		expect(d.fleetDeviceHoursPerDay).toBeCloseTo(1500 / 3600, 12);
	});

	it('keeps unknown figures null', () => {
		const d = deviceScale(
			{ engineId: 'local', label: 'Device', downloadBytes: null, e2eMs: null },
			{ users: 5, requestsPerUserPerDay: 1, trainingUsd: null }
		);
		expect(d.totalDownloadBytes).toBeNull();
		expect(d.fleetDeviceHoursPerDay).toBeNull();
	});
});

describe('scaleInputsOf', () => {
	it('takes medians of the counted runs, and typed-in prices over none', async () => {
		const record = await sampleBenchmark(4);
		const plain = scaleInputsOf(record);
		expect(plain.device.map((d) => d.engineId)).toEqual(['local']);
		expect(at(plain.device, 0).downloadBytes).toEqual({ value: 1_800_000, source: 'measured' });
		expect(at(plain.remote, 0).prices).toBeNull();
		const counted = record.runs.filter((r) => r.engineId === 'cloud' && r.metrics);
		const outs = counted.map((r) => r.metrics!.outputTokens).sort((a, b) => a - b);
		const median = (at(outs, outs.length / 2 - 1) + at(outs, outs.length / 2)) / 2;
		const typed = scaleInputsOf(record, { cloud: { inputUsdPerMTokens: 1, outputUsdPerMTokens: 2 } });
		expect(at(typed.remote, 0).outputTokens).toEqual({ value: median, source: 'measured' });
		expect(at(typed.remote, 0).prices?.source).toBe('typed in');
	});
});

describe('chartHorizonDays', () => {
	it('spans a quarter past the latest crossing, within a month and ten years', () => {
		const base = remoteScale(remote(1, 1, 1, 1), { users: 1, requestsPerUserPerDay: 1, trainingUsd: null });
		const at = (day: number) => ({ ...base, crossing: { kind: 'day' as const, day } });
		expect(chartHorizonDays([at(400)])).toBe(500);
		expect(chartHorizonDays([at(2)])).toBe(30);
		expect(chartHorizonDays([at(1e6)])).toBe(3650);
		expect(chartHorizonDays([])).toBe(365);
	});
});

describe('formatting', () => {
	it('writes fleet dollars with separators and days with their length', async () => {
		const { formatFleetUsd, formatDays } = await import('./scale');
		expect(formatFleetUsd(1234567.891)).toBe('$1,234,567.89');
		expect(formatFleetUsd(0.0002)).toBe('$0.000200');
		expect(formatFleetUsd(0)).toBe('$0');
		expect(formatDays(500)).toBe('day 500 (≈ 1.4 years)');
		expect(formatDays(45)).toBe('day 45 (≈ 1.5 months)');
		expect(formatDays(3)).toBe('day 3');
	});
});
