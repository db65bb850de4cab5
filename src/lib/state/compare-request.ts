// The one GenerateRequest both engines get on the Compare page. Greedy, a fixed output budget: the same
// decoding on both sides, so the numbers compare (docs/DESIGN.md, "What is measured").
import type { ChatMessage, GenerateRequest } from '../engine/types';
import { clampMaxNewTokens, type PromptMode } from './settings.svelte';

export interface CompareInput {
	prompt: string;
	mode: PromptMode;
	maxNewTokens: number;
	systemPrompt?: string;
}

export class EmptyPromptError extends Error {
	override name = 'EmptyPromptError';
	constructor() {
		super('Type a prompt first: both engines need the same text to compare.');
	}
}

export function buildCompareRequest({ prompt, mode, maxNewTokens, systemPrompt }: CompareInput): GenerateRequest {
	if (!prompt.trim()) throw new EmptyPromptError();
	const base = { maxNewTokens: clampMaxNewTokens(maxNewTokens), temperature: 0 };
	if (mode === 'completion') return { ...base, input: { mode: 'completion', prompt } };
	const messages: ChatMessage[] = [];
	if (systemPrompt?.trim()) messages.push({ role: 'system', content: systemPrompt.trim() });
	messages.push({ role: 'user', content: prompt });
	return { ...base, input: { mode: 'chat', messages } };
}
