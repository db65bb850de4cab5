import { describe, expect, it } from 'vitest';
import { TimedTokenStreamer, type Decoder } from './token-streamer';
import type { TokenBatch } from './protocol';

// A decoder over a tiny vocabulary; id 9 is the first half of a two-token character, as byte-level BPE
// produces for non-ASCII text.
const VOCAB: Record<number, string> = { 1: 'Hel', 2: 'lo', 3: ' wor', 4: 'ld', 5: '!' };
const decoder: Decoder = {
	decode: (ids) => {
		let text = '';
		for (let i = 0; i < ids.length; i++) {
			if (ids[i] === 9) text += ids[i + 1] === 10 ? 'é' : '\uFFFD';
			else if (ids[i] !== 10) text += VOCAB[ids[i]!];
		}
		return text;
	}
};

function run(ids: number[], times: number[], intervalMs = 16) {
	const batches: TokenBatch[] = [];
	let t = 0;
	const clock = () => times[t++] ?? NaN; // a missing stamp shows up as NaN in the batches
	const streamer = new TimedTokenStreamer(decoder, (b) => batches.push(b), intervalMs, clock);
	streamer.put([[100n, 101n]]); // the prompt: skipped
	for (const id of ids) streamer.put([[BigInt(id)]]);
	streamer.end();
	return { streamer, batches };
}

describe('TimedTokenStreamer', () => {
	it('stamps each token when it arrives and sends the first one at once, the rest batched', () => {
		const { streamer, batches } = run([1, 2, 3, 4, 5], [0, 100, 104, 108, 112, 130, 131]);
		expect(streamer.timesMs).toEqual([100, 104, 108, 112, 130]);
		expect(batches).toEqual([
			{ startIndex: 0, texts: ['Hel'], tokenIds: [1], timesMs: [100] },
			{ startIndex: 1, texts: ['lo', ' wor', 'ld', '!'], tokenIds: [2, 3, 4, 5], timesMs: [104, 108, 112, 130] }
		]);
		expect(streamer.text).toBe('Hello world!');
	});

	it('holds back half a character until the next token completes it', () => {
		const { batches, streamer } = run([1, 9, 10, 5], [0, 1, 2, 3, 4, 5]);
		const texts = batches.flatMap((b) => b.texts);
		expect(texts).toEqual(['Hel', '', 'é', '!']);
		expect(streamer.text).toBe('Helé!');
	});

	it('flushes every interval on a long run, so the page sees tokens while they come', () => {
		const times = [0, ...Array.from({ length: 10 }, (_, i) => 10 + i * 10), 200];
		const { batches } = run([1, 2, 3, 4, 5, 1, 2, 3, 4, 5], times, 25);
		expect(batches.length).toBeGreaterThan(3);
		expect(batches.flatMap((b) => b.tokenIds)).toHaveLength(10);
		expect(batches.map((b) => b.startIndex)).toEqual(
			batches.map((_, i) => batches.slice(0, i).reduce((n, b) => n + b.tokenIds.length, 0))
		);
	});

	it('ends at the first stop string, with the final text just before it', () => {
		const batches: TokenBatch[] = [];
		let t = 0;
		const streamer = new TimedTokenStreamer(
			decoder,
			(b) => batches.push(b),
			0,
			() => t++,
			['o w', 'xyz']
		);
		streamer.put([[100n]]);
		for (const id of [1, 2, 3, 4]) streamer.put([[BigInt(id)]]);
		streamer.end();
		// 'Hel' + 'lo' + ' wor' reaches 'o w' inside the third token; the fourth is never taken.
		expect(streamer.stopped).toBe(true);
		expect(streamer.text).toBe('Hell');
		expect(streamer.ids).toEqual([1, 2, 3]);
		expect(batches.flatMap((b) => b.texts)).toEqual(['Hel', 'lo', '']);
	});

	it('never stops without a stop string in the text', () => {
		let t = 0;
		const streamer = new TimedTokenStreamer(
			decoder,
			() => {},
			0,
			() => t++,
			['zz']
		);
		streamer.put([[100n]]);
		for (const id of [1, 2, 3, 4, 5]) streamer.put([[BigInt(id)]]);
		expect(streamer.stopped).toBe(false);
		expect(streamer.text).toBe('Hello world!');
	});
});
