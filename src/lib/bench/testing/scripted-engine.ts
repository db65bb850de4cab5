// A test engine whose token timings are fixed by a script and stamped on a virtual clock, so the
// runner's arithmetic can be checked exactly. It yields to the event loop between tokens, like a real
// stream, so aborts land between tokens. The one scripted engine of the unit tests (bench, state, CLI).
import type {
	EngineInfo,
	EngineKind,
	GenerateOptions,
	GenerateRequest,
	GenerationResult,
	InferenceEngine,
	RequestFieldSupport
} from '../../engine/types';
import { unhonouredFieldNotices } from '../../engine/types';

export interface VirtualClock {
	t: number;
}

export interface CallScript {
	ttftMs: number;
	tpotMs: number;
	/** Throw this instead of generating (after `failAfterTokens` tokens, default 0). */
	fail?: Error;
	failAfterTokens?: number;
	/** Return finishReason 'error' instead of throwing. */
	failSoft?: boolean;
	/** Report this decode speed as the server's own timings (`serverTimings`), as an endpoint may. */
	serverDecodeTokensPerS?: number;
}

export interface ScriptedOptions {
	kind: EngineKind;
	label: string;
	clock: VirtualClock;
	/** Timing of call number i (warm-ups included). */
	script: (call: number) => CallScript;
	/** Which stop mechanisms this engine honours (a real engine may honour only one). */
	honours?: { signal?: boolean; cancel?: boolean };
	/** Which optional request fields it carries out (default: all); a run setting another gets a notice. */
	supports?: Partial<RequestFieldSupport>;
	/** Extra fields in describe(), e.g. a secret that must not survive into a record. */
	extraInfo?: Record<string, unknown>;
	/** Gets `label#call` when a generate call starts, and `label#call end` when it ends if `logEnds`. */
	log?: string[];
	logEnds?: boolean;
}

export class ScriptedEngine implements InferenceEngine {
	readonly kind: EngineKind;
	calls = 0;
	/** How often cancel() was called. */
	cancelCalls = 0;
	tokensEmitted: number[] = [];
	private cancelled = false;

	constructor(private readonly opts: ScriptedOptions) {
		this.kind = opts.kind;
	}

	get #onDevice(): boolean {
		return this.kind === 'local';
	}

	get #honours(): RequestFieldSupport {
		return { stop: true, seed: true, ignoreEos: true, ...this.opts.supports };
	}

	describe(): EngineInfo {
		return {
			kind: this.kind,
			label: this.opts.label,
			placement: this.#onDevice ? 'device' : 'remote',
			priced: false,
			honours: this.#honours,
			model: { id: 'scripted', dtype: 'q4', bytes: 1234 },
			backend: this.#onDevice ? 'wasm' : 'http',
			threads: this.#onDevice ? 2 : undefined,
			...this.opts.extraInfo
		} as EngineInfo;
	}

	async load() {
		return { loadMs: 0, loadKind: 'warm' as const };
	}

	cancel(): void {
		this.cancelCalls++;
		if (this.opts.honours?.cancel ?? true) this.cancelled = true;
	}

	async dispose(): Promise<void> {}

	async generate(request: GenerateRequest, options: GenerateOptions = {}): Promise<GenerationResult> {
		const call = this.calls++;
		this.opts.log?.push(`${this.opts.label}#${call}`);
		try {
			return await this.#generate(call, request, options);
		} finally {
			if (this.opts.logEnds) this.opts.log?.push(`${this.opts.label}#${call} end`);
		}
	}

	async #generate(call: number, request: GenerateRequest, options: GenerateOptions): Promise<GenerationResult> {
		this.cancelled = false;
		const s = this.opts.script(call);
		const clock = this.opts.clock;
		const requestMs = clock.t;
		const arrivalsMs: number[] = [];
		let text = '';
		let finishReason: GenerationResult['finishReason'] = 'length';
		const stopped = () => this.cancelled || ((this.opts.honours?.signal ?? true) && options.signal?.aborted === true);
		for (let i = 0; i < request.maxNewTokens; i++) {
			await new Promise((r) => setTimeout(r, 0));
			if (stopped()) {
				finishReason = 'cancelled';
				break;
			}
			if (s.fail && i === (s.failAfterTokens ?? 0)) {
				if (s.failSoft) {
					finishReason = 'error';
					break;
				}
				this.tokensEmitted.push(arrivalsMs.length);
				throw s.fail;
			}
			clock.t = requestMs + s.ttftMs + i * s.tpotMs;
			arrivalsMs.push(clock.t);
			text += `t${i} `;
			options.onToken?.({ text: `t${i} `, tMs: clock.t, index: i, tokenIds: [i] });
		}
		this.tokensEmitted.push(arrivalsMs.length);
		const notices = unhonouredFieldNotices(this.#honours, request);
		return {
			text,
			requestMs,
			arrivalsMs,
			inputTokens: 20,
			outputTokens: arrivalsMs.length,
			tokensSource: 'tokenizer',
			finishReason,
			tokenIds: arrivalsMs.map((_, i) => i),
			...(notices.length ? { notices } : {}),
			// As an endpoint's stream: stamped per read, with the server's own figure.
			...(s.serverDecodeTokensPerS !== undefined && {
				stampedPer: 'read' as const,
				serverTimings: { source: 'edgewise' as const, decodeTokensPerS: s.serverDecodeTokensPerS }
			}),
			...(finishReason === 'error' ? { error: { name: 'ScriptedError', message: 'scripted soft failure' } } : {})
		};
	}
}
