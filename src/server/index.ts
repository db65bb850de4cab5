// Edgewise's reference cloud server: an OpenAI-compatible API over one local model folder (see
// docs/DESIGN.md, "Reference cloud server"). Safe by default: loopback only, optional bearer key, CORS limited
// to the app and localhost, bounded queue, validated bodies, logs without prompts or keys.
import cors from '@fastify/cors';
import Fastify, { type FastifyInstance } from 'fastify';
import { ApiError, toApiError } from './api-error';
import { checkBearer } from './auth';
import { corsOriginCheck, DEFAULT_CORS_ORIGINS } from './cors-policy';
import { refuseOversizeBeforeContinue } from './expect-continue';
import { generationHandler } from './generation-route';
import { loadModelRunner, type ModelRunner } from './model-runner';
import { FifoQueue } from './queue';
import { chatBodySchema, completionBodySchema } from './schemas';

export interface ReferenceServerOptions {
	modelDir: string;
	modelId?: string;
	dtype?: string;
	host?: string;
	port?: number;
	apiKey?: string;
	corsOrigins?: string[];
	maxConcurrent?: number;
	maxQueue?: number;
	logPrompts?: boolean;
	/** Fastify logger on (the CLI) or off (tests). */
	logger?: boolean;
	bodyLimitBytes?: number;
	/** On close, running generations get this long to finish before they are stopped. */
	shutdownGraceMs?: number;
}

export interface ReferenceServer {
	url: string;
	close(): Promise<void>;
}

export async function startReferenceServer(opts: ReferenceServerOptions): Promise<ReferenceServer> {
	const runner = await loadModelRunner(opts.modelDir, opts.dtype ?? 'fp32', opts.modelId);
	const { app, close } = await buildApp(runner, opts);
	const address = await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 4174 });
	const url = new URL(address);
	return { url: `${url.protocol}//${url.host}`, close };
}

export async function buildApp(runner: ModelRunner, opts: Omit<ReferenceServerOptions, 'modelDir'>) {
	const bodyLimit = opts.bodyLimitBytes ?? 1024 * 1024;
	const app: FastifyInstance = Fastify({
		bodyLimit,
		// close() drains generations itself first; whatever is left then (idle keep-alives) is cut.
		forceCloseConnections: true,
		ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
		logger: opts.logger
			? {
					// Only method, path and status: never headers (keys), bodies (prompts) or query strings.
					serializers: {
						req: (req) => ({ method: req.method, path: req.url.split('?')[0] }),
						res: (res) => ({ statusCode: res.statusCode })
					}
				}
			: false
	});
	refuseOversizeBeforeContinue(app.server, bodyLimit);
	const queue = new FifoQueue(opts.maxConcurrent ?? 1, opts.maxQueue ?? 8);
	const shutdown = new AbortController();
	const stats = { completed: 0, cancelled: 0, failed: 0 };
	const ctx = { runner, queue, logPrompts: opts.logPrompts ?? false, shutdown: shutdown.signal, stats };

	await app.register(cors, {
		origin: corsOriginCheck(opts.corsOrigins ?? DEFAULT_CORS_ORIGINS),
		methods: ['GET', 'POST', 'OPTIONS'],
		allowedHeaders: ['authorization', 'content-type'],
		exposedHeaders: ['retry-after'],
		maxAge: 600
	});
	if (opts.apiKey) app.addHook('onRequest', checkBearer(opts.apiKey));

	app.setErrorHandler((err, request, reply) => {
		const apiError = toApiError(err);
		if (apiError.status >= 500) request.log.error({ err: (err as Error).message }, 'request failed');
		return reply.code(apiError.status).headers(apiError.headers).send(apiError.body());
	});
	app.setNotFoundHandler((request, reply) => {
		const e = new ApiError(
			404,
			`No route ${request.method} ${request.url.split('?')[0]}. This server offers GET /v1/models, POST /v1/chat/completions, POST /v1/completions, GET /health.`,
			'not_found_error',
			null,
			'unknown_route'
		);
		return reply.code(404).send(e.body());
	});

	// Listening starts only after the model has warmed up, so `ok` means the first request is not a cold one.
	app.get('/health', async () => ({
		status: 'ok',
		model: runner.modelId,
		dtype: runner.dtype,
		warmup_ms: runner.warmupMs === null ? null : Math.round(runner.warmupMs),
		queue: { running: queue.running, waiting: queue.waiting },
		generations: stats
	}));
	app.get('/v1/models', async () => ({
		object: 'list',
		data: [{ id: runner.modelId, object: 'model', created: 0, owned_by: 'edgewise' }]
	}));
	app.post('/v1/chat/completions', { schema: { body: chatBodySchema } }, generationHandler(ctx, 'chat'));
	app.post('/v1/completions', { schema: { body: completionBodySchema } }, generationHandler(ctx, 'completion'));

	let closing: Promise<void> | null = null;
	const close = () =>
		(closing ??= (async () => {
			queue.close();
			// Give running generations a moment to finish, then stop them so close() cannot hang.
			if (!(await queue.drained(opts.shutdownGraceMs ?? 5000))) {
				shutdown.abort();
				await queue.drained(5000);
			}
			await app.close();
			await runner.dispose();
		})());
	return { app, queue, close };
}
