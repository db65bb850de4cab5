// One engine's side of a Compare run: streamed text and live metrics for an EnginePane. It knows only
// InferenceEngine. Tokens are buffered outside Svelte's reactivity and flushed once per animation frame,
// so rendering cannot slow generation (timestamps are taken inside the engine, not here).
import { computeRunMetrics, type RunMetrics } from '../bench/metrics';
import {
	nowMs,
	type EngineInfo,
	type GenerateRequest,
	type GenerationResult,
	type InferenceEngine,
	type TokenEvent
} from '../engine/types';
import { FrameBatcher, type FrameScheduler } from './frame-batcher';

export type RunStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

/**
 * Live metrics are recomputed at most this often while a run streams (text still follows every frame): a
 * person reads a figure a few times a second, and with several panes streaming, recomputing and re-rendering
 * every grid on every frame is main-thread work taken from the engines being measured.
 */
export const LIVE_METRICS_INTERVAL_MS = 250;

export class EngineRun {
	/** The slot this run belongs to ("local", "cloud"): its id in records and in the pane's test ids. */
	readonly id: string;
	status = $state.raw<RunStatus>('idle');
	text = $state.raw('');
	/** Live while running (from arrivals so far), final once the engine returns. */
	metrics = $state.raw<RunMetrics | null>(null);
	result = $state.raw<GenerationResult | null>(null);
	info = $state.raw<EngineInfo | null>(null);
	error = $state.raw<{ name: string; message: string } | null>(null);

	#pendingText = '';
	#arrivalsMs: number[] = [];
	#outputTokens = 0;
	/** Whether arrivals carried token ids (the engine counts tokens itself) or are stream chunks. */
	#countedTokens = false;
	#requestMs = 0;
	#metricsAtMs = -Infinity;
	readonly #batcher: FrameBatcher;

	constructor(id: string, schedule?: FrameScheduler) {
		this.id = id;
		this.#batcher = new FrameBatcher(() => this.#flush(), schedule);
	}

	get running(): boolean {
		return this.status === 'running';
	}

	reset(): void {
		this.status = 'idle';
		this.text = '';
		this.metrics = null;
		this.result = null;
		this.error = null;
		this.#pendingText = '';
		this.#arrivalsMs = [];
		this.#outputTokens = 0;
		this.#countedTokens = false;
		this.#metricsAtMs = -Infinity;
	}

	/** The slot was included in a run but its engine could not be set up: the run failed before it started. */
	fail(error: { name: string; message: string }): void {
		this.reset();
		this.status = 'error';
		this.error = { name: error.name, message: `Not run: the set-up failed. ${error.message}` };
	}

	/** Runs one request to the end (stop, length, cancel or error) and returns what the engine returned. */
	async run(engine: InferenceEngine, request: GenerateRequest, signal?: AbortSignal): Promise<GenerationResult> {
		this.reset();
		this.status = 'running';
		this.info = engine.describe();
		this.#requestMs = nowMs();
		let result: GenerationResult;
		try {
			result = await engine.generate(request, { signal, onToken: (event) => this.#onToken(event) });
		} catch (error) {
			// An engine should resolve with finishReason 'error', but a thrown error is recorded the same way.
			const { name, message } = error instanceof Error ? error : new Error(String(error));
			result = this.#partialResult('error', { name, message });
		}
		this.#batcher.flushNow();
		this.info = engine.describe();
		this.result = result;
		this.text = result.text || this.text;
		this.metrics = computeRunMetrics(result);
		this.error = result.error ?? null;
		this.status =
			result.finishReason === 'error' ? 'error' : result.finishReason === 'cancelled' ? 'cancelled' : 'done';
		return result;
	}

	#onToken(event: TokenEvent): void {
		this.#pendingText += event.text;
		this.#arrivalsMs.push(event.tMs);
		// Locally one arrival is one token (or the ids it carries); a cloud chunk counts as one until the
		// server's usage says otherwise at the end.
		this.#outputTokens += event.tokenIds?.length || 1;
		if (event.tokenIds) this.#countedTokens = true;
		this.#batcher.request();
	}

	#flush(): void {
		if (this.#pendingText) {
			this.text += this.#pendingText;
			this.#pendingText = '';
		}
		const now = performance.now();
		if (this.status === 'running' && now - this.#metricsAtMs >= LIVE_METRICS_INTERVAL_MS) {
			this.#metricsAtMs = now;
			this.metrics = computeRunMetrics(this.#partialResult('stop'));
		}
	}

	#partialResult(
		finishReason: GenerationResult['finishReason'],
		error?: { name: string; message: string }
	): GenerationResult {
		return {
			text: this.text + this.#pendingText,
			requestMs: this.#requestMs,
			arrivalsMs: [...this.#arrivalsMs],
			inputTokens: null,
			outputTokens: this.#outputTokens,
			tokensSource: this.#countedTokens ? 'tokenizer' : 'chunks',
			finishReason,
			error
		};
	}
}
