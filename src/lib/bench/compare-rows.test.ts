import { describe, expect, it } from 'vitest';
import type { GenerationResult } from '../engine/types';
import { compareRows, nextSort, rowStatus, sortRows, type RowInput } from './compare-rows';
import { computeRunMetrics } from './metrics';
import { at } from './testing/must';

// request at 1000; n tokens, the first at 1000 + ttft, then one every `gap` ms.
function metrics(ttft: number, gap: number, n = 5, inputTokens = 10) {
	const result: GenerationResult = {
		text: '',
		requestMs: 1000,
		arrivalsMs: Array.from({ length: n }, (_, i) => 1000 + ttft + i * gap),
		inputTokens,
		outputTokens: n,
		tokensSource: 'tokenizer',
		finishReason: 'length'
	};
	return computeRunMetrics(result);
}

const input = (id: string, patch: Partial<RowInput> = {}): RowInput => ({
	id,
	name: id,
	slotStatus: 'ready',
	runStatus: 'done',
	metrics: null,
	placement: 'device',
	prices: null,
	...patch
});

describe('compareRows', () => {
	it('gives each slot its pane’s figures and its decode speed over the first slot’s', () => {
		const rows = compareRows([
			input('local', { metrics: metrics(100, 20) }), // 50 tok/s
			input('cloud', { metrics: metrics(40, 10), placement: 'remote' }) // 100 tok/s
		]);
		expect(rows.map((r) => [r.id, r.baseline, r.ttftMs, r.decodeTokensPerS, r.e2eMs])).toEqual([
			['local', true, 100, 50, 180],
			['cloud', false, 40, 100, 80]
		]);
		expect(at(rows, 0).decodeVsBaseline).toBeNull();
		expect(at(rows, 1).decodeVsBaseline).toBe(2);
	});

	it('prices a run from the endpoint’s list prices, $0 on the device, nothing for an unpriced endpoint', () => {
		const prices = { inputUsdPerMTokens: 1, outputUsdPerMTokens: 2 };
		const rows = compareRows([
			input('local', { metrics: metrics(100, 20) }),
			input('paid', { metrics: metrics(40, 10, 5, 10), placement: 'remote', prices }),
			input('free', { metrics: metrics(40, 10), placement: 'remote' })
		]);
		expect(rows.map((r) => r.costUsd)).toEqual([0, (10 * 1 + 5 * 2) / 1e6, null]);
	});

	it('says who timed each decode figure, so the table can label a server’s own', () => {
		const rows = compareRows([
			input('local', { metrics: metrics(100, 20) }),
			input('cloud', { metrics: { ...metrics(40, 10), decodeSource: 'server' }, placement: 'remote' }),
			input('idle', { runStatus: 'idle' })
		]);
		expect(rows.map((r) => r.decodeSource)).toEqual([metrics(100, 20).decodeSource ?? null, 'server', null]);
	});

	it('has no ratio when the baseline has no decode figure', () => {
		const rows = compareRows([input('a', { metrics: metrics(100, 0, 1) }), input('b', { metrics: metrics(40, 10) })]);
		expect(at(rows, 0).decodeTokensPerS).toBeNull();
		expect(at(rows, 1).decodeVsBaseline).toBeNull();
	});
});

describe('rowStatus', () => {
	it('says the run’s state once there is one, else the set-up’s', () => {
		expect(rowStatus({ slotStatus: 'idle', runStatus: 'idle' })).toBe('not-loaded');
		expect(rowStatus({ slotStatus: 'loading', runStatus: 'idle' })).toBe('loading');
		expect(rowStatus({ slotStatus: 'error', runStatus: 'idle' })).toBe('setup-failed');
		expect(rowStatus({ slotStatus: 'ready', runStatus: 'running' })).toBe('running');
		expect(rowStatus({ slotStatus: 'error', runStatus: 'error' })).toBe('failed');
		expect(rowStatus({ slotStatus: 'ready', runStatus: 'cancelled' })).toBe('stopped');
	});
});

describe('sortRows', () => {
	const rows = compareRows([
		input('a', { metrics: metrics(100, 20) }), // decode 50, ttft 100
		input('b', { metrics: null }),
		input('c', { metrics: metrics(40, 10) }), // decode 100, ttft 40
		input('d', { metrics: metrics(60, 40) }) // decode 25, ttft 60
	]);
	const ids = (sorted: { id: string }[]) => sorted.map((r) => r.id);

	it('sorts by a figure either way, rows without it last both times', () => {
		expect(ids(sortRows(rows, { key: 'ttftMs', direction: 'ascending' }))).toEqual(['c', 'd', 'a', 'b']);
		expect(ids(sortRows(rows, { key: 'ttftMs', direction: 'descending' }))).toEqual(['a', 'd', 'c', 'b']);
		expect(ids(sortRows(rows, { key: 'decodeTokensPerS', direction: 'descending' }))).toEqual(['c', 'a', 'd', 'b']);
	});

	it('keeps slot order for ties and for the order column', () => {
		expect(ids(sortRows(rows, { key: 'costUsd', direction: 'descending' }))).toEqual(['a', 'b', 'c', 'd']);
		expect(ids(sortRows(rows, { key: 'order', direction: 'descending' }))).toEqual(['d', 'c', 'b', 'a']);
		expect(ids(sortRows(rows, { key: 'name', direction: 'descending' }))).toEqual(['d', 'c', 'b', 'a']);
	});

	it('starts a speed column fastest first, a time column shortest first, and flips on a second click', () => {
		const start = { key: 'order', direction: 'ascending' } as const;
		expect(nextSort(start, 'decodeTokensPerS')).toEqual({ key: 'decodeTokensPerS', direction: 'descending' });
		expect(nextSort(start, 'ttftMs')).toEqual({ key: 'ttftMs', direction: 'ascending' });
		expect(nextSort({ key: 'ttftMs', direction: 'ascending' }, 'ttftMs')).toEqual({
			key: 'ttftMs',
			direction: 'descending'
		});
	});
});
