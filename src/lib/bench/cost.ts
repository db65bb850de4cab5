// Cost estimates. Cloud: from the endpoint's list prices per 1M input and output tokens. Local: no
// marginal cost per run (electricity is not priced), with the model's download size as a one-off cost.
// Every figure is an estimate and is labelled so wherever it is shown.
import { formatBytes, formatUsd } from './format';

export interface TokenPrices {
	/** US dollars per 1,000,000 input (prompt) tokens. */
	inputUsdPerMTokens: number;
	/** US dollars per 1,000,000 output (completion) tokens. */
	outputUsdPerMTokens: number;
}

export interface CloudCostEstimate {
	kind: 'cloud';
	estimate: true;
	perRunUsd: number;
	/** null when the run produced no output tokens. */
	per1kOutputTokensUsd: number | null;
	label: string;
}

export interface LocalCostEstimate {
	kind: 'local';
	estimate: true;
	perRunUsd: 0;
	/** One-off download of the model, when known. */
	oneOffDownloadBytes: number | null;
	label: string;
}

export type CostEstimate = CloudCostEstimate | LocalCostEstimate;

export function cloudCost(prices: TokenPrices, inputTokens: number, outputTokens: number): CloudCostEstimate {
	const perRunUsd = (inputTokens * prices.inputUsdPerMTokens + outputTokens * prices.outputUsdPerMTokens) / 1_000_000;
	const per1k = outputTokens > 0 ? (perRunUsd / outputTokens) * 1000 : null;
	return {
		kind: 'cloud',
		estimate: true,
		perRunUsd,
		per1kOutputTokensUsd: per1k,
		label: `≈ ${formatUsd(perRunUsd)} per run${per1k === null ? '' : `, ≈ ${formatUsd(per1k)} per 1k output tokens`} (estimate from list prices)`
	};
}

export function localCost(downloadBytes: number | null | undefined): LocalCostEstimate {
	const bytes = downloadBytes ?? null;
	return {
		kind: 'local',
		estimate: true,
		perRunUsd: 0,
		oneOffDownloadBytes: bytes,
		label: `$0 marginal per run (estimate)${bytes === null ? '' : `; one-off download ${formatBytes(bytes)}`}`
	};
}
