// Quality items as the benchmark runner's cases: the same request to every engine, greedy, no sampling.
// No stop strings: engines differ in how (and whether) they honour them, and the scorers read the first
// line themselves, so small token budgets end the answers instead.
import type { GenerateRequest } from '../engine/types';
import type { PromptMode, QualityItem } from './schema';

export interface QualityCase {
	/** `<suite>/<item id>`, unique over a run's suites. */
	id: string;
	request: GenerateRequest;
}

export const qualityCaseId = (item: Pick<QualityItem, 'suite' | 'id'>): string => `${item.suite}/${item.id}`;

export function qualityRequest(item: QualityItem, mode: PromptMode): GenerateRequest {
	return {
		input:
			mode === 'chat'
				? { mode: 'chat', messages: [{ role: 'user', content: item.chat }] }
				: { mode: 'completion', prompt: item.completion },
		maxNewTokens: item.maxNewTokens,
		temperature: 0
	};
}

export function qualityCases(items: readonly QualityItem[], mode: PromptMode): QualityCase[] {
	return items.map((item) => ({ id: qualityCaseId(item), request: qualityRequest(item, mode) }));
}
