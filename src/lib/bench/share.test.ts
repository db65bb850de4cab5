import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare, shareLink, ShareLinkTooLongError, SHARE_LINK_MAX_CHARS } from './share';
import { exportJson } from './export';
import { at } from './testing/must';
import { sampleBenchmark } from './testing/sample-records';

describe('share links', () => {
	it('round-trips a result through a compressed fragment, smaller than its JSON', async () => {
		const record = await sampleBenchmark(2);
		const payload = await encodeShare(record, 'test');
		expect(payload.startsWith('z.')).toBe(true);
		expect(payload.length).toBeLessThan(exportJson([record], 'test').length);
		const link = await shareLink(record, 'test', 'https://edgewise.example/results/shared');
		expect(link.startsWith('https://edgewise.example/results/shared#result=z.')).toBe(true);
		expect(await decodeShare(new URL(link).hash)).toStrictEqual(record);
	});

	it('refuses a link past the limit, saying to share a file', async () => {
		const record = await sampleBenchmark(2);
		// Pseudo-random text (seeded xorshift) hardly compresses: the link outgrows the limit.
		let x = 2463534242;
		at(record.runs, 0).result.text = Array.from({ length: SHARE_LINK_MAX_CHARS }, () => {
			x ^= x << 13;
			x ^= x >>> 17;
			x ^= x << 5;
			return String.fromCharCode(33 + ((x >>> 0) % 89));
		}).join('');
		const error = await shareLink(record, 'test', 'https://e.example/').catch((e) => e);
		expect(error).toBeInstanceOf(ShareLinkTooLongError);
		expect(error.message).toMatch(/share it as a file instead/);
	});

	it('reads no result from a fragment without one, and explains a damaged one', async () => {
		expect(await decodeShare('#other=1')).toBeNull();
		await expect(decodeShare('#result=z.AAAA')).rejects.toThrow(/does not hold a readable Edgewise result/);
		await expect(decodeShare('#result=x.AAAA')).rejects.toThrow(/unknown encoding/);
	});
});
