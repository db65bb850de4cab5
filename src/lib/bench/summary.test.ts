import { describe, expect, it } from 'vitest';
import type { EngineInfo, GenerationResult } from '../engine/types';
import { compareRunRecord } from './record';
import type { DeviceReport } from './schema';
import { breakEvenEntries, casesWithoutBreakEven, costEntries } from './summary';
import { DEVICE_TRAITS, REMOTE_TRAITS } from './testing/engine-traits';
import { at } from './testing/must';
import { promptCase } from './suite';
import { nodeDeviceReport } from './testing/device-report';

const device: DeviceReport = nodeDeviceReport();
const localInfo: EngineInfo = { kind: 'local', ...DEVICE_TRAITS, label: 'L', model: { id: 'm', bytes: 5_000_000 } };
const cloudInfo: EngineInfo = { kind: 'cloud', ...REMOTE_TRAITS, label: 'C', model: { id: 'm' } };
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
		expect(at(rec.summaries, 0).metrics.ttftMs!.median).toBe(40);
		expect(at(rec.summaries, 0).metrics.tpotMs).toBeNull();
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

describe('break-even and cost', () => {
	it('puts every engine after the first against the first, per case', () => {
		const stats = (median: number) => ({ median }) as never;
		const summary = (engineId: string, ttft: number, tpot: number) =>
			({ caseId: 'c', engineId, metrics: { ttftMs: stats(ttft), tpotMs: stats(tpot) } }) as never;
		const engines = [
			{ id: 'a', info: localInfo },
			{ id: 'b', info: localInfo },
			{ id: 'c', info: cloudInfo }
		];
		const entries = breakEvenEntries([summary('a', 10, 20), summary('b', 20, 40), summary('c', 300, 5)], engines);
		expect(entries.map((e) => [e.aEngineId, e.bEngineId, e.verdict.kind])).toEqual([
			['a', 'b', 'always'],
			['a', 'c', 'below']
		]);
		// e2e = ttft + (n - 1) tpot: 10 + 20(n - 1) < 300 + 5(n - 1) up to n = 20, so below 21 tokens.
		expect(entries[1]!.sentence).toBe('a finishes first below 21 tokens');
		expect(breakEvenEntries([summary('a', 10, 20)], [{ id: 'a', info: localInfo }])).toEqual([]);
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
	const two = [{ id: 'a' }, { id: 'b' }];
	it('names each case of a two-engine result that has no break-even entry, and only those', () => {
		expect(
			casesWithoutBreakEven({
				engines: two,
				parameters: { cases },
				breakEven: [{ caseId: 'short-32', bEngineId: 'b' }]
			})
		).toEqual(['short-8']);
		expect(
			casesWithoutBreakEven({
				engines: two,
				parameters: { cases },
				breakEven: [
					{ caseId: 'short-8', bEngineId: 'b' },
					{ caseId: 'short-32', bEngineId: 'b' }
				]
			})
		).toEqual([]);
	});
	it('with more engines, names the engine of each missing pair', () => {
		expect(
			casesWithoutBreakEven({
				engines: [...two, { id: 'c' }],
				parameters: { cases: [{ id: 'short-8' }] },
				breakEven: [{ caseId: 'short-8', bEngineId: 'b' }]
			})
		).toEqual(['short-8 (c)']);
	});
	it('says nothing for a one-engine result, where no break-even is expected', () => {
		expect(casesWithoutBreakEven({ engines: [{ id: 'a' }], parameters: { cases }, breakEven: [] })).toEqual([]);
	});
});
