import { describe, expect, it } from 'vitest';
import {
	formatBytes,
	formatCount,
	formatFixed,
	formatMiB,
	formatMs,
	formatPercent,
	formatRate,
	formatRatio,
	formatSeconds,
	formatUsd,
	MISSING
} from './format';

const ALL = [
	formatMs,
	formatSeconds,
	formatRate,
	formatCount,
	formatBytes,
	formatMiB,
	formatRatio,
	formatPercent,
	formatUsd,
	formatFixed
];

describe('how numbers read', () => {
	it('shows one missing mark, never NaN or Infinity', () => {
		expect(MISSING).toBe('—');
		for (const format of ALL)
			for (const bad of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY])
				expect(format(bad), format.name).toBe(MISSING);
	});

	it('durations: one decimal below 100 ms, whole ms below 10 s, seconds from 10 s', () => {
		expect(formatMs(12.345)).toBe('12.3 ms');
		expect(formatMs(412.6)).toBe('413 ms');
		expect(formatMs(12_340)).toBe('12.3 s');
		expect(formatSeconds(4_240)).toBe('4.2 s');
	});

	it('rates: one decimal below 100, whole from 100', () => {
		expect(formatRate(24.66)).toBe('24.7 tok/s');
		expect(formatRate(12.3)).toBe('12.3 tok/s');
		expect(formatRate(99.94)).toBe('99.9 tok/s');
		expect(formatRate(1234.4)).toBe('1234 tok/s');
		expect(formatRate(5, 'req/s')).toBe('5.0 req/s');
	});

	it('counts read as whole numbers', () => {
		expect(formatCount(0)).toBe('0');
		expect(formatCount(128)).toBe('128');
	});

	it('bytes: SI decimal units, "kB", "MB", "GB"', () => {
		expect(formatBytes(999)).toBe('999 B');
		expect(formatBytes(12_345)).toBe('12 kB');
		expect(formatBytes(45_300_000)).toBe('45.3 MB');
		expect(formatBytes(538_000_000)).toBe('538 MB');
		expect(formatBytes(1_234_000_000)).toBe('1.23 GB');
		expect(formatBytes(2e12)).toBe('2.00 TB');
	});

	it('memory figures: binary units, "MiB" and "GiB"', () => {
		const MiB = 1024 ** 2;
		expect(formatMiB(48 * MiB)).toBe('48.0 MiB');
		expect(formatMiB(512 * MiB)).toBe('512 MiB');
		expect(formatMiB(1.5 * 1024 * MiB)).toBe('1.50 GiB');
	});

	it('ratios: one decimal below 10, whole from 10', () => {
		expect(formatRatio(1.44)).toBe('1.4x');
		expect(formatRatio(9.96)).toBe('10.0x');
		expect(formatRatio(12.4)).toBe('12x');
	});

	it('percentages of a fraction', () => {
		expect(formatPercent(0.0421)).toBe('4.2%');
		expect(formatPercent(0.25, 0)).toBe('25%');
	});

	it('money: cents from $0.01, three significant digits below', () => {
		expect(formatUsd(0)).toBe('$0');
		expect(formatUsd(1.234)).toBe('$1.23');
		expect(formatUsd(0.000123456)).toBe('$0.000123');
	});

	it('table cells: fixed decimals, the unit when given', () => {
		expect(formatFixed(765.94)).toBe('765.9');
		expect(formatFixed(765.94, 'ms')).toBe('765.9 ms');
		expect(formatFixed(0.5, 'ms/token', 2)).toBe('0.50 ms/token');
	});
});
