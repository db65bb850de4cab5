import { describe, expect, it } from 'vitest';
import type { EngineInfo, GenerationResult } from '../engine/types';
import { compareRunRecord } from './record';
import type { DeviceReport } from './schema';
import { breakEvenPair, casesWithoutBreakEven, costEntries } from './summary';
import { promptCase } from './suite';

const device: DeviceReport = {
	runtime: 'node',
	userAgent: null,
	browser: null,
	os: null,
	cores: null,
	deviceMemoryGb: null,
	gpuAdapter: null,
	backend: null,
	threads: null,
	crossOriginIsolated: null,
	online: null,
	collectedAt: 'x'
};
const localInfo: EngineInfo = { kind: 'local', label: 'L', model: { id: 'm', bytes: 5_000_000 } };
const cloudInfo: EngineInfo = { kind: 'cloud', label: 'C', model: { id: 'm' } };
const result = (arrivals: number[], extra: Partial<GenerationResult> = {}): GenerationResult => ({
	text: '',
	requestMs: 0,
	arrivalsMs: arrivals,
	inputTokens: 1000,
	outputTokens: arrivals.length,
	tokensSource: 'tokenizer',
	finishReason: 'length',
	...extra
});

describe('summaries of a single compare run', () => {
	it('one output token: metrics without tpot, and no break-even (one point is not a line)', () => {
		const rec = compareRunRecord(
			{
				request: promptCase('short', 1).request,
				sides: [
					{ id: 'local', info: localInfo, result: result([40]) },
					{ id: 'cloud', info: cloudInfo, result: result([90]) }
				]
			},
			{ device, appVersion: 't' }
		);
		expect(rec.summaries[0].metrics.ttftMs!.median).toBe(40);
		expect(rec.summaries[0].metrics.tpotMs).toBeNull();
		expect(rec.breakEven).toEqual([]);
	});

	it('a failed side is counted as failed, has no metrics, and the record is not "failed" while one side worked', () => {
		const rec = compareRunRecord(
			{
				request: promptCase('short', 2).request,
				sides: [
					{ id: 'local', info: localInfo, result: result([10, 20]) },
					{
						id: 'cloud',
						info: cloudInfo,
						result: result([], { finishReason: 'error', error: { name: 'E', message: 'down' } })
					}
				]
			},
			{ device, appVersion: 't' }
		);
		expect(rec.status).toBe('complete');
		const cloud = rec.summaries.find((s) => s.engineId === 'cloud')!;
		expect([cloud.runs, cloud.failedRuns, cloud.metrics.ttftMs]).toEqual([1, 1, null]);
		expect(rec.breakEven).toEqual([]);
	});

	it('a cancelled side makes the record "cancelled"; all sides failing makes it "failed"', () => {
		const make = (a: GenerationResult, b: GenerationResult) =>
			compareRunRecord(
				{
					request: promptCase('short', 2).request,
					sides: [
						{ id: 'local', info: localInfo, result: a },
						{ id: 'cloud', info: cloudInfo, result: b }
					]
				},
				{ device, appVersion: 't' }
			);
		expect(make(result([1, 2]), result([1], { finishReason: 'cancelled' })).status).toBe('cancelled');
		expect(make(result([], { finishReason: 'error' }), result([], { finishReason: 'error' })).status).toBe('failed');
	});
});

describe('breakEvenPair and cost', () => {
	it('pairs local against cloud whatever the order, else the first two', () => {
		expect(
			breakEvenPair([
				{ id: 'c', info: cloudInfo },
				{ id: 'l', info: localInfo }
			])
		).toEqual(['l', 'c']);
		expect(
			breakEvenPair([
				{ id: 'x', info: cloudInfo },
				{ id: 'y', info: cloudInfo }
			])
		).toEqual(['x', 'y']);
		expect(breakEvenPair([{ id: 'x', info: cloudInfo }])).toBeNull();
	});

	it('prices the cloud at its median token counts and the local side at $0 plus the download', () => {
		const rec = compareRunRecord(
			{
				request: promptCase('short', 4).request,
				sides: [
					{ id: 'local', info: localInfo, result: result([1, 2, 3, 4]) },
					{ id: 'cloud', info: cloudInfo, result: result([5, 6, 7, 8]) }
				]
			},
			{ device, appVersion: 't', pricesByEngine: { cloud: { inputUsdPerMTokens: 1, outputUsdPerMTokens: 10 } } }
		);
		// 1000 in x $1/M + 4 out x $10/M = $0.00104; per 1k output tokens: 0.00104 / 4 * 1000 = $0.26
		const cloud = rec.cost.find((c) => c.engineId === 'cloud')!;
		expect(cloud.perRunUsd).toBeCloseTo(0.00104, 12);
		expect(cloud.per1kOutputTokensUsd).toBeCloseTo(0.26, 12);
		expect(rec.cost.find((c) => c.engineId === 'local')).toMatchObject({
			perRunUsd: 0,
			oneOffDownloadBytes: 5_000_000
		});
		// no prices, no cloud estimate (rather than a made-up $0)
		expect(costEntries(rec.runs, rec.engines).map((c) => c.engineId)).toEqual(['local']);
	});
});

describe('casesWithoutBreakEven', () => {
	const cases = [{ id: 'short-8' }, { id: 'short-32' }];
	it('names each case of a two-engine result that has no break-even entry, and only those', () => {
		expect(
			casesWithoutBreakEven({ engines: [1, 2], parameters: { cases }, breakEven: [{ caseId: 'short-32' }] })
		).toEqual(['short-8']);
		expect(
			casesWithoutBreakEven({
				engines: [1, 2],
				parameters: { cases },
				breakEven: [{ caseId: 'short-8' }, { caseId: 'short-32' }]
			})
		).toEqual([]);
	});
	it('says nothing for a one-engine result, where no break-even is expected', () => {
		expect(casesWithoutBreakEven({ engines: [1], parameters: { cases }, breakEven: [] })).toEqual([]);
	});
});
