import { describe, expect, it } from 'vitest';
import { dtypeChoices } from './dtype-choices';

const values = (choices: { value: string }[]) => choices.map((c) => c.value);

describe('dtypeChoices', () => {
	it('offers llama.cpp only what it runs, never fp16 or q4f16 (issue 20, finding 12)', () => {
		const url = { kind: 'url', baseUrl: 'http://h/', id: 'm' } as const;
		expect(values(dtypeChoices({ source: url, runtime: 'llama.cpp', dtype: 'q8' }))).toEqual(['fp32', 'q8', 'q4']);
		expect(values(dtypeChoices({ source: url, runtime: 'onnxruntime-web', dtype: 'q8' }))).toEqual([
			'fp32',
			'q8',
			'q4',
			'fp16',
			'q4f16'
		]);
	});
	it('offers a catalog model on llama.cpp only the GGUF files its repository has, with their size', () => {
		const choices = dtypeChoices({
			source: { kind: 'hub', id: 'HuggingFaceTB/SmolLM2-360M-Instruct' },
			runtime: 'llama.cpp',
			dtype: 'q8'
		});
		expect(values(choices).every((d) => ['fp32', 'q8', 'q4'].includes(d))).toBe(true);
		expect(choices.find((c) => c.value === 'q8')?.label).toMatch(/^q8 · Q8_0 · downloads [\d.,]+ MB$/);
	});
	it('keeps a choice the runtime cannot run listed and marked, not silently replaced', () => {
		const choices = dtypeChoices({ source: { kind: 'default' }, runtime: 'llama.cpp', dtype: 'fp16' });
		expect(choices.at(-1)).toEqual({ value: 'fp16', label: 'fp16 (this runtime cannot run it: pick another)' });
	});
});
