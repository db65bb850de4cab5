// An InferenceEngine over any OpenAI-compatible endpoint. Tokens are timestamped where stream chunks
// arrive (in the app this class runs inside a worker, so UI work cannot delay a timestamp). Every
// failure resolves as a result with `finishReason: 'error'` and an actionable error, so the partial
// text and timings survive; cancellation resolves with `finishReason: 'cancelled'`.
import {
	nowMs,
	type EngineInfo,
	type FinishReason,
	type GenerateOptions,
	type GenerateRequest,
	type GenerationResult,
	type InferenceEngine,
	type LoadProgress,
	type LoadResult,
	type ServerTimings
} from '../types';
import { bunchedArrivalsNotice } from './bunched-arrivals';
import { mergeServerTimings } from './server-timings';
import { CloudError, CloudModelNotFoundError, CloudRequestError, CloudStreamCutError } from './errors';
import { endpointUrl, errorFromResponse, headers, listModels, send, withModelList, type EndpointAccess } from './http';
import { readStreamEvents, rejectNonStream } from './stream-events';
import { Watchdog } from './watchdog';
import { toErrorPayload } from '../worker-rpc';
import { buildRequestBody, requestPath } from './wire';

export interface CloudEngineConfig extends EndpointAccess {
	model: string;
	label?: string;
	/** Whether this endpoint charges per token (its settings carry prices). */
	priced?: boolean;
	/** Request sent -> response headers. */
	connectTimeoutMs?: number;
	/** Response headers -> first content. */
	firstTokenTimeoutMs?: number;
	/** Longest silence between stream chunks after the first token. */
	idleTimeoutMs?: number;
}

/** Used where an endpoint's settings leave a timeout unset. */
export const DEFAULT_TIMEOUTS_MS = { connect: 30_000, firstToken: 120_000, idle: 60_000 } as const;

export class CloudEngine implements InferenceEngine {
	readonly kind = 'cloud' as const;
	#inFlight: AbortController | null = null;

	constructor(readonly config: CloudEngineConfig) {}

	describe(): EngineInfo {
		return {
			kind: 'cloud',
			label: this.config.label ?? `${this.config.model} @ ${hostOf(this.config.baseUrl)}`,
			model: { id: this.config.model },
			placement: 'remote',
			priced: this.config.priced ?? false,
			// Sent as the OpenAI fields (and ignore_eos/min_tokens); a server that ignores one is beyond our sight.
			honours: { stop: true, seed: true, ignoreEos: true },
			backend: 'http',
			endpointBaseUrl: this.config.baseUrl
		};
	}

	/** Checks the endpoint answers and, when it lists models, that it offers this one. */
	async load(onProgress?: (progress: LoadProgress) => void): Promise<LoadResult> {
		const startMs = nowMs();
		onProgress?.({ status: 'stage', stage: 'connecting', message: `Connecting to ${hostOf(this.config.baseUrl)}` });
		let models: string[] = [];
		try {
			models = await listModels(this.config);
		} catch (err) {
			// Some servers do not implement /v1/models; that alone is no reason to refuse them.
			if (!(err instanceof CloudRequestError)) throw err;
		}
		if (models.length && !models.includes(this.config.model))
			throw new CloudModelNotFoundError(this.config.model, models);
		return { loadMs: nowMs() - startMs, loadKind: 'warm' };
	}

	async generate(request: GenerateRequest, options: GenerateOptions = {}): Promise<GenerationResult> {
		const requestMs = nowMs();
		const controller = new AbortController();
		this.#inFlight?.abort();
		this.#inFlight = controller;
		const cancel = () => controller.abort(CANCELLED);
		if (options.signal?.aborted) cancel();
		options.signal?.addEventListener('abort', cancel);
		const timeouts = { ...DEFAULT_TIMEOUTS_MS, ...definedTimeouts(this.config) };
		const watchdog = new Watchdog(controller);

		let text = '';
		const arrivalsMs: number[] = [];
		let contentReads = 0;
		let usage: { promptTokens: number | null; completionTokens: number | null } | null = null;
		let serverTimings: ServerTimings | undefined;
		let finishReason: FinishReason;
		let error: { name: string; message: string } | undefined;
		let streaming = false;
		try {
			watchdog.arm('connect', timeouts.connect);
			const res = await this.#post(request, controller.signal);
			await rejectNonStream(res);
			watchdog.arm('first-token', timeouts.firstToken);
			streaming = true;
			let sawDone = false;
			let serverFinish: string | null = null;
			for await (const batch of readStreamEvents(res.body!)) {
				// Stamped once per network read, as soon as it was handed over (before decoding and parsing, which
				// would otherwise add their time to the stamp): events in one read share it.
				const tMs = batch.readMs;
				const arrivalsBefore = arrivalsMs.length;
				for (const event of batch.events) {
					if (event === 'done') {
						sawDone = true;
						continue;
					}
					if (event.content) {
						const index = arrivalsMs.length;
						arrivalsMs.push(tMs);
						text += event.content;
						options.onToken?.({ text: event.content, tMs, index });
					}
					serverFinish = event.finishReason ?? serverFinish;
					usage = event.usage ?? usage;
					serverTimings = mergeServerTimings(serverTimings, event.timings);
				}
				if (arrivalsMs.length > arrivalsBefore) contentReads++;
				watchdog.arm(
					arrivalsMs.length ? 'idle' : 'first-token',
					arrivalsMs.length ? timeouts.idle : timeouts.firstToken
				);
			}
			if (!sawDone) throw new CloudStreamCutError(text.length);
			finishReason = serverFinish === 'length' ? 'length' : 'stop';
		} catch (err) {
			const reason: unknown = controller.signal.aborted ? controller.signal.reason : null;
			if (reason === CANCELLED) finishReason = 'cancelled';
			else {
				// A read that fails once the stream has begun (Node: "terminated", browsers: "network error")
				// is the connection cut mid-answer; errors Edgewise raised itself keep their own name.
				const cut = streaming && !(err instanceof CloudError) && !watchdog.error;
				const cause = watchdog.error ?? (cut ? new CloudStreamCutError(text.length, err) : err);
				finishReason = 'error';
				error = toErrorPayload(cause);
			}
		} finally {
			watchdog.disarm();
			options.signal?.removeEventListener('abort', cancel);
			if (this.#inFlight === controller) this.#inFlight = null;
		}
		const completionTokens = usage?.completionTokens ?? null;
		const outputTokens = completionTokens ?? arrivalsMs.length;
		const notice =
			finishReason === 'error' || finishReason === 'cancelled'
				? null
				: bunchedArrivalsNotice({ arrivalsMs, outputTokens, contentReads, serverTimings });
		return {
			text,
			requestMs,
			arrivalsMs,
			inputTokens: usage?.promptTokens ?? null,
			outputTokens,
			tokensSource: completionTokens !== null ? 'usage' : 'chunks',
			finishReason,
			stampedPer: 'read',
			...(serverTimings && { serverTimings }),
			...(error && { error }),
			...(notice && { notices: [notice] })
		};
	}

	cancel(): void {
		this.#inFlight?.abort(CANCELLED);
	}

	/** Sends the request; a server that rejects `stream_options` (older OpenAI-compatible servers) is asked
	 * again without it, and tokens are then counted from chunks. */
	async #post(request: GenerateRequest, signal: AbortSignal): Promise<Response> {
		const url = endpointUrl(this.config.baseUrl, requestPath(request));
		for (const includeUsage of [true, false]) {
			const body = buildRequestBody(request, this.config.model, true);
			if (!includeUsage) delete body.stream_options;
			const res = await send(this.config, url, {
				method: 'POST',
				headers: headers(this.config, true),
				body: JSON.stringify(body),
				signal
			});
			if (res.ok) return res;
			const error = await errorFromResponse(this.config, res, this.config.model);
			if (!(includeUsage && error instanceof CloudRequestError && /stream_options|include_usage/.test(error.message)))
				throw await withModelList(this.config, error, signal);
		}
		throw new Error('unreachable');
	}

	async dispose(): Promise<void> {
		this.cancel();
	}
}

const CANCELLED = Symbol('cancelled');

function hostOf(baseUrl: string): string {
	try {
		return new URL(baseUrl).host;
	} catch {
		return baseUrl;
	}
}

function definedTimeouts(c: CloudEngineConfig): Partial<Record<keyof typeof DEFAULT_TIMEOUTS_MS, number>> {
	return {
		...(c.connectTimeoutMs !== undefined && { connect: c.connectTimeoutMs }),
		...(c.firstTokenTimeoutMs !== undefined && { firstToken: c.firstTokenTimeoutMs }),
		...(c.idleTimeoutMs !== undefined && { idle: c.idleTimeoutMs })
	};
}
