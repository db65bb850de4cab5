import { describe, expect, it } from 'vitest';
import { RunArrivals } from './arrivals';
import type { LlamaChunkBatch } from './protocol';

describe('RunArrivals', () => {
	it('keeps every chunk for the result and sends the waiting ones as one batch, indexed from the run start', () => {
		const sent: LlamaChunkBatch[] = [];
		const arrivals = new RunArrivals((batch) => sent.push(batch));
		expect(arrivals.push('a', [1], 10)).toBe(true);
		expect(arrivals.push('b', [], 11)).toBe(false);
		arrivals.flush();
		arrivals.flush();
		expect(arrivals.push('c', [3, 4], 12)).toBe(true);
		arrivals.flush();
		expect(sent).toEqual([
			{ startIndex: 0, texts: ['a', 'b'], tokenIds: [[1], []], timesMs: [10, 11] },
			{ startIndex: 2, texts: ['c'], tokenIds: [[3, 4]], timesMs: [12] }
		]);
		expect([arrivals.texts, arrivals.ids, arrivals.arrivalsMs]).toEqual([
			['a', 'b', 'c'],
			[1, 3, 4],
			[10, 11, 12]
		]);
	});
});
