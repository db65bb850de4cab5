// For tests: an engine whose answer is a function of the prompt (a calculator, a guesser, a broken engine),
// streamed one character per token on a virtual clock, with token ids. It stands in for a model so that
// the quality runner, scoring and records are tested end to end; it is never what a test measures.
import type {
	EngineInfo,
	EngineKind,
	GenerateOptions,
	GenerateRequest,
	GenerationResult,
	InferenceEngine
} from '../../engine/types';

export interface AnswerEngineOptions {
	kind: EngineKind;
	label: string;
	/** The answer to a prompt (the completion text, or the chat's last message); throw to fail the run. */
	answer: (prompt: string) => string;
	clock: { t: number };
	msPerToken?: number;
}

export class AnswerEngine implements InferenceEngine {
	readonly kind: EngineKind;
	prompts: string[] = [];
	constructor(private readonly opts: AnswerEngineOptions) {
		this.kind = opts.kind;
	}
	describe(): EngineInfo {
		const device = this.kind === 'local';
		return {
			kind: this.kind,
			label: this.opts.label,
			placement: device ? 'device' : 'remote',
			priced: !device,
			honours: { stop: true, seed: true, ignoreEos: true },
			model: { id: 'answer-engine' },
			backend: device ? 'wasm' : 'http'
		};
	}
	async load() {
		return { loadMs: 0, loadKind: 'warm' as const };
	}
	cancel(): void {}
	async dispose(): Promise<void> {}
	async generate(request: GenerateRequest, options: GenerateOptions = {}): Promise<GenerationResult> {
		const prompt =
			request.input.mode === 'completion' ? request.input.prompt : (request.input.messages.at(-1)?.content ?? '');
		this.prompts.push(prompt);
		const clock = this.opts.clock;
		const requestMs = clock.t;
		const text = this.opts.answer(prompt).slice(0, request.maxNewTokens);
		const arrivalsMs: number[] = [];
		for (const [index, ch] of [...text].entries()) {
			clock.t += this.opts.msPerToken ?? 5;
			arrivalsMs.push(clock.t);
			options.onToken?.({ text: ch, tMs: clock.t, index, tokenIds: [ch.charCodeAt(0)] });
		}
		return {
			text,
			requestMs,
			arrivalsMs,
			inputTokens: prompt.length,
			outputTokens: arrivalsMs.length,
			tokensSource: 'tokenizer',
			finishReason: 'length',
			tokenIds: [...text].map((c) => c.charCodeAt(0))
		};
	}
}

/** A calculator: answers the last "What is a ± b?" of a prompt. */
export function calculator(prompt: string): string {
	const all = [...prompt.matchAll(/What is (\d+) ([+-]) (\d+)\?/g)];
	const m = all.at(-1);
	if (!m) return ' ?';
	return ` ${m[2] === '+' ? Number(m[1]) + Number(m[3]) : Number(m[1]) - Number(m[3])}`;
}
