// POST /v1/chat/completions and /v1/completions: checks the request against the model, waits for a
// queue slot, runs the model, and answers as one JSON body or as a server-sent event stream. A client
// that disconnects aborts its generation (or its place in the queue).
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GenerateInput } from '../lib/engine/types';
import { ApiError } from './api-error';
import type { ModelRunner, RunOutcome, RunParams } from './model-runner';
import { FifoQueue, QueueClosedError, QueueFullError } from './queue';
import { contentText, type ChatBody, type CompletionBody } from './schemas';

export interface RouteContext {
	runner: ModelRunner;
	queue: FifoQueue;
	logPrompts: boolean;
	/** Aborted on shutdown after the grace period. */
	shutdown: AbortSignal;
	/** Shown on /health: how generations ended (a disconnect shows up as cancelled). */
	stats: { completed: number; cancelled: number; failed: number };
}

type Kind = 'chat' | 'completion';
const DEFAULT_MAX_TOKENS = 256;

export function generationHandler(ctx: RouteContext, kind: Kind) {
	return async (request: FastifyRequest, reply: FastifyReply) => {
		const body = request.body as ChatBody | CompletionBody;
		try {
			ctx.queue.rejectIfFull();
		} catch (err) {
			throw tooBusy(err as QueueFullError);
		}
		const params = toParams(ctx, body, kind);
		if (ctx.logPrompts) request.log.info({ input: params.input }, 'prompt');

		const controller = new AbortController();
		const onClose = () => !reply.raw.writableEnded && controller.abort(new Error('client disconnected'));
		reply.raw.on('close', onClose);
		const onShutdown = () => controller.abort(new Error('server shutting down'));
		ctx.shutdown.addEventListener('abort', onShutdown);
		const queuedMs = performance.now();
		let release: () => void;
		try {
			release = await ctx.queue.acquire(controller.signal);
		} catch (err) {
			ctx.shutdown.removeEventListener('abort', onShutdown);
			if (err instanceof QueueFullError) throw tooBusy(err);
			if (err instanceof QueueClosedError) throw new ApiError(503, err.message, 'server_error', null, 'shutting_down');
			return reply.hijack(); // the client left while waiting: nobody to answer
		}
		const queueMs = performance.now() - queuedMs;
		const meta = {
			id: `${kind === 'chat' ? 'chatcmpl' : 'cmpl'}-${randomUUID()}`,
			created: Math.floor(Date.now() / 1000),
			model: ctx.runner.modelId
		};
		try {
			if (body.stream)
				return await streamAnswer(
					ctx,
					request,
					reply,
					kind,
					params,
					meta,
					queueMs,
					body.stream_options?.include_usage === true,
					controller.signal
				);
			const outcome = await ctx.runner.run(params, controller.signal, () => undefined);
			logOutcome(ctx, request, outcome, queueMs);
			if (outcome.finishReason === 'cancelled') {
				if (ctx.shutdown.aborted)
					throw new ApiError(
						503,
						'The server shut down before this answer finished; retry.',
						'server_error',
						null,
						'shutting_down'
					);
				reply.hijack(); // the client left: nobody to answer
				return reply.raw.destroy();
			}
			return reply.send(finalBody(kind, meta, outcome, queueMs));
		} finally {
			release();
			reply.raw.off('close', onClose);
			ctx.shutdown.removeEventListener('abort', onShutdown);
		}
	};
}

function tooBusy(err: QueueFullError): ApiError {
	return new ApiError(429, err.message, 'rate_limit_error', null, 'queue_full', {
		'retry-after': String(err.retryAfterS)
	});
}

function toParams(ctx: RouteContext, body: ChatBody | CompletionBody, kind: Kind): RunParams {
	if (body.model !== ctx.runner.modelId) {
		throw new ApiError(
			404,
			`The model \`${body.model}\` does not exist on this server. Available models: ${ctx.runner.modelId}.`,
			'invalid_request_error',
			'model',
			'model_not_found'
		);
	}
	if (kind === 'chat' && !ctx.runner.chatTemplate) {
		throw new ApiError(
			400,
			`The model \`${ctx.runner.modelId}\` has no chat template, so this server cannot format messages for it. Send the text as \`prompt\` to /v1/completions instead.`,
			'invalid_request_error',
			'messages',
			'no_chat_template'
		);
	}
	const input: GenerateInput =
		kind === 'chat'
			? {
					mode: 'chat',
					messages: (body as ChatBody).messages.map((m) => ({
						role: m.role === 'developer' ? 'system' : m.role,
						content: contentText(m.content)
					}))
				}
			: { mode: 'completion', prompt: [(body as CompletionBody).prompt].flat()[0] ?? '' }; // the schema requires a prompt
	const maxNewTokens = body.max_completion_tokens ?? body.max_tokens ?? DEFAULT_MAX_TOKENS;
	const param = body.max_completion_tokens != null ? 'max_completion_tokens' : 'max_tokens';
	if (maxNewTokens > ctx.runner.contextLength) {
		throw new ApiError(
			400,
			`${param} is ${maxNewTokens}, but this model's context is ${ctx.runner.contextLength} tokens.`,
			'invalid_request_error',
			param,
			'context_length_exceeded'
		);
	}
	const promptTokens = ctx.runner.countPromptTokens(input);
	if (promptTokens + maxNewTokens > ctx.runner.contextLength) {
		throw new ApiError(
			400,
			`This model's context is ${ctx.runner.contextLength} tokens; the prompt has ${promptTokens} and ${param} asks for ${maxNewTokens} more. Shorten the prompt or lower ${param}.`,
			'invalid_request_error',
			param,
			'context_length_exceeded'
		);
	}
	const minNewTokens = body.min_tokens ?? 0;
	if (minNewTokens > maxNewTokens)
		throw new ApiError(
			400,
			`min_tokens (${minNewTokens}) is larger than ${param} (${maxNewTokens}).`,
			'invalid_request_error',
			'min_tokens',
			'invalid_value'
		);
	return {
		input,
		maxNewTokens,
		minNewTokens,
		ignoreEos: body.ignore_eos === true,
		temperature: body.temperature ?? 1,
		topP: body.top_p ?? undefined,
		stop: body.stop == null ? [] : [body.stop].flat()
	};
}

interface Meta {
	id: string;
	created: number;
	model: string;
}

function timings(outcome: RunOutcome, queueMs: number) {
	return {
		prompt_ms: round(outcome.promptMs),
		decode_tokens_per_s: outcome.decodeTokensPerS === null ? null : round(outcome.decodeTokensPerS),
		queue_ms: round(queueMs),
		prompt_tokens: outcome.promptTokens,
		completion_tokens: outcome.completionTokens
	};
}

function usage(outcome: RunOutcome) {
	return {
		prompt_tokens: outcome.promptTokens,
		completion_tokens: outcome.completionTokens,
		total_tokens: outcome.promptTokens + outcome.completionTokens
	};
}

function finishReason(outcome: RunOutcome): 'stop' | 'length' {
	return outcome.finishReason === 'length' ? 'length' : 'stop';
}

function finalBody(kind: Kind, meta: Meta, outcome: RunOutcome, queueMs: number) {
	const choice =
		kind === 'chat'
			? { index: 0, message: { role: 'assistant', content: outcome.text }, finish_reason: finishReason(outcome) }
			: { index: 0, text: outcome.text, finish_reason: finishReason(outcome) };
	return {
		...meta,
		object: kind === 'chat' ? 'chat.completion' : 'text_completion',
		choices: [choice],
		usage: usage(outcome),
		edgewise_timings: timings(outcome, queueMs)
	};
}

async function streamAnswer(
	ctx: RouteContext,
	request: FastifyRequest,
	reply: FastifyReply,
	kind: Kind,
	params: RunParams,
	meta: Meta,
	queueMs: number,
	includeUsage: boolean,
	signal: AbortSignal
) {
	reply.hijack();
	const raw = reply.raw;
	// Hijacked replies skip Fastify's header writing, so carry over what hooks set (CORS).
	raw.writeHead(200, {
		...(reply.getHeaders() as Record<string, string>),
		'content-type': 'text/event-stream; charset=utf-8',
		'cache-control': 'no-cache',
		'x-accel-buffering': 'no'
	});
	const object = kind === 'chat' ? 'chat.completion.chunk' : 'text_completion';
	// Each event leaves as its token is produced. Node's res.write() corks the socket until the next
	// process.nextTick, and a generation loop that only awaits promises between steps never lets that tick
	// run, so every event would go out in one burst at the end and a client would measure an absurd decode
	// speed. onnxruntime-node yields through setImmediate in each session.run today; uncorking right after
	// the write sends the event now without relying on that. No Nagle delay either.
	raw.socket?.setNoDelay(true);
	const send = (payload: unknown) => {
		if (raw.writableEnded || raw.destroyed) return;
		raw.write(`data: ${JSON.stringify(payload)}\n\n`);
		if (raw.socket?.writableCorked) raw.socket.uncork();
	};
	const chunk = (content: string | null, finish: string | null, extra: Record<string, unknown> = {}) =>
		send({
			...meta,
			object,
			choices: [
				kind === 'chat'
					? { index: 0, delta: content === null ? {} : { content }, finish_reason: finish }
					: { index: 0, text: content ?? '', finish_reason: finish }
			],
			...extra
		});
	if (kind === 'chat')
		send({ ...meta, object, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
	try {
		const outcome = await ctx.runner.run(params, signal, (piece) => chunk(piece, null));
		logOutcome(ctx, request, outcome, queueMs);
		if (outcome.finishReason === 'cancelled') {
			if (ctx.shutdown.aborted)
				send({
					error: {
						message: 'The server shut down before this answer finished; retry.',
						type: 'server_error',
						param: null,
						code: 'shutting_down'
					}
				});
			return raw.end();
		}
		chunk(null, finishReason(outcome), { edgewise_timings: timings(outcome, queueMs) });
		if (includeUsage)
			send({ ...meta, object, choices: [], usage: usage(outcome), edgewise_timings: timings(outcome, queueMs) });
		raw.end('data: [DONE]\n\n');
	} catch (err) {
		ctx.stats.failed++;
		request.log.error({ err: (err as Error).message }, 'generation failed');
		send({
			error: {
				message: 'The server failed while generating; see its log.',
				type: 'server_error',
				param: null,
				code: 'generation_failed'
			}
		});
		raw.end();
	}
}

function logOutcome(ctx: RouteContext, request: FastifyRequest, o: RunOutcome, queueMs: number) {
	if (o.finishReason === 'cancelled') ctx.stats.cancelled++;
	else ctx.stats.completed++;
	request.log.info(
		{
			promptTokens: o.promptTokens,
			completionTokens: o.completionTokens,
			finish: o.finishReason,
			queueMs: round(queueMs),
			promptMs: round(o.promptMs),
			decodeTokensPerS: o.decodeTokensPerS && round(o.decodeTokensPerS)
		},
		'generated'
	);
}

const round = (x: number) => Math.round(x * 100) / 100;
