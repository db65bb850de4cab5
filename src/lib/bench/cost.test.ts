import { describe, expect, it } from 'vitest';
import { cloudCost, localCost } from './cost';
import { formatBytes, formatUsd } from './format';

describe('cloudCost', () => {
	it('prices input and output tokens per million, hand-computed', () => {
		// 1000 in at $0.50/M = $0.0005; 200 out at $1.50/M = $0.0003 -> $0.0008 per run
		const c = cloudCost({ inputUsdPerMTokens: 0.5, outputUsdPerMTokens: 1.5 }, 1000, 200);
		expect(c.perRunUsd).toBeCloseTo(0.0008, 15);
		// $0.0008 / 200 tokens * 1000 = $0.004 per 1k output tokens
		expect(c.per1kOutputTokensUsd).toBeCloseTo(0.004, 15);
		expect(c.estimate).toBe(true);
		expect(c.label).toBe('≈ $0.000800 per run, ≈ $0.00400 per 1k output tokens (estimate from list prices)');
	});

	it('has no per-1k figure without output tokens', () => {
		expect(cloudCost({ inputUsdPerMTokens: 1, outputUsdPerMTokens: 1 }, 10, 0).per1kOutputTokensUsd).toBeNull();
	});
});

describe('localCost', () => {
	it('is $0 marginal with the download as a one-off', () => {
		const c = localCost(2_500_000);
		expect(c.perRunUsd).toBe(0);
		expect(c.oneOffDownloadBytes).toBe(2_500_000);
		expect(c.label).toBe('$0 marginal per run (estimate); one-off download 2.5 MB');
		expect(localCost(undefined).oneOffDownloadBytes).toBeNull();
	});
});

describe('formatting', () => {
	it('formats dollars and bytes', () => {
		expect(formatUsd(0)).toBe('$0');
		expect(formatUsd(1.234)).toBe('$1.23');
		expect(formatBytes(999)).toBe('999 B');
		expect(formatBytes(538_000_000)).toBe('538 MB');
	});
});
