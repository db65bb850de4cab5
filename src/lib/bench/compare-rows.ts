// The Compare page's comparison table as data: one row per included slot, in slot order, with the figures its
// pane shows (metrics.ts) and its ratio to the first slot, the baseline. Pure, so the table only displays and a
// column (a quality score, a server-labelled decode figure) is a field here and a column there. Sorting keeps
// rows without a figure last in either direction: a missing figure is not the slowest one.
import type { EngineInfo } from '../engine/types';
import { cloudCost, type TokenPrices } from './cost';
import type { RunMetrics } from './metrics';

/** Where a slot stands: its set-up, then its run. */
export type RowStatus = 'not-loaded' | 'loading' | 'ready' | 'setup-failed' | 'running' | 'done' | 'stopped' | 'failed';

export const ROW_STATUS_TEXT: Record<RowStatus, string> = {
	'not-loaded': 'Not loaded',
	loading: 'Loading…',
	ready: 'Ready',
	'setup-failed': 'Set-up failed',
	running: 'Generating…',
	done: 'Done',
	stopped: 'Stopped',
	failed: 'Failed'
};

/** What the table needs of one slot: its name, its set-up and run states, the run's figures, its prices. */
export interface RowInput {
	id: string;
	name: string;
	slotStatus: 'idle' | 'loading' | 'ready' | 'error';
	runStatus: 'idle' | 'running' | 'done' | 'cancelled' | 'error';
	metrics: RunMetrics | null;
	/** On the device (no cost per run) or remote (cost from its prices, when it has any). */
	placement: EngineInfo['placement'] | null;
	prices: TokenPrices | null;
}

export interface CompareRow {
	id: string;
	name: string;
	baseline: boolean;
	placement: RowInput['placement'];
	status: RowStatus;
	ttftMs: number | null;
	decodeTokensPerS: number | null;
	/** Who timed the decode figure: this client, or (for a stream that arrived in bursts) the server. */
	decodeSource: RunMetrics['decodeSource'] | null;
	e2eMs: number | null;
	outputTokens: number | null;
	/** Estimated US dollars for this run: 0 on the device, from list prices for a priced endpoint, else null. */
	costUsd: number | null;
	/** This slot's decode speed over the baseline's (2 = twice as fast); null for the baseline or without both. */
	decodeVsBaseline: number | null;
}

export type SortKey = 'order' | 'name' | 'ttftMs' | 'decodeTokensPerS' | 'e2eMs' | 'costUsd' | 'decodeVsBaseline';
export type SortDirection = 'ascending' | 'descending';
export interface Sort {
	key: SortKey;
	direction: SortDirection;
}

export function rowStatus(input: Pick<RowInput, 'slotStatus' | 'runStatus'>): RowStatus {
	switch (input.runStatus) {
		case 'running':
			return 'running';
		case 'done':
			return 'done';
		case 'cancelled':
			return 'stopped';
		case 'error':
			return 'failed';
	}
	if (input.slotStatus === 'loading') return 'loading';
	if (input.slotStatus === 'error') return 'setup-failed';
	return input.slotStatus === 'ready' ? 'ready' : 'not-loaded';
}

function costOf(input: RowInput): number | null {
	const m = input.metrics;
	if (input.placement === 'device') return 0;
	if (!input.prices || !m) return null;
	return cloudCost(input.prices, m.inputTokens ?? 0, m.outputTokens).perRunUsd;
}

/** The rows in slot order; the first input is the baseline. */
export function compareRows(inputs: readonly RowInput[]): CompareRow[] {
	const baselineDecode = inputs[0]?.metrics?.decodeTokensPerS ?? null;
	return inputs.map((input, index) => {
		const m = input.metrics;
		const decode = m?.decodeTokensPerS ?? null;
		return {
			id: input.id,
			name: input.name,
			baseline: index === 0,
			placement: input.placement,
			status: rowStatus(input),
			ttftMs: m?.ttftMs ?? null,
			decodeTokensPerS: decode,
			decodeSource: m?.decodeSource ?? null,
			e2eMs: m?.e2eMs ?? null,
			outputTokens: m?.outputTokens ?? null,
			costUsd: costOf(input),
			decodeVsBaseline:
				index > 0 && decode !== null && baselineDecode !== null && baselineDecode > 0 ? decode / baselineDecode : null
		};
	});
}

/** The rows in the order asked for; rows without the figure stay last, ties keep slot order. */
export function sortRows(rows: readonly CompareRow[], sort: Sort): CompareRow[] {
	const order = new Map(rows.map((row, i) => [row.id, i]));
	const sign = sort.direction === 'ascending' ? 1 : -1;
	const value = (row: CompareRow): number | string | null =>
		sort.key === 'order' ? (order.get(row.id) ?? 0) : sort.key === 'name' ? row.name : row[sort.key];
	return [...rows].sort((a, b) => {
		const va = value(a);
		const vb = value(b);
		if (va === null || vb === null) {
			if (va !== vb) return va === null ? 1 : -1;
		} else if (va !== vb) {
			const cmp = typeof va === 'string' ? va.localeCompare(String(vb)) : va - (vb as number);
			if (cmp !== 0) return sign * cmp;
		}
		return (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0);
	});
}

/** What a click on a column header does: sort by it (its natural direction first), or flip it. */
export function nextSort(current: Sort, key: SortKey): Sort {
	if (current.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
	const higherIsBetter = key === 'decodeTokensPerS' || key === 'decodeVsBaseline';
	return { key, direction: higherIsBetter ? 'descending' : 'ascending' };
}
