// "Test connection" (Settings and Compare): one model listing (round trip, and is the model there?), then
// one tiny streamed generation to see whether streaming works and whether the server reports usage and
// timings: on /chat/completions first, and on /completions when chat is refused (a model without a chat
// template, a completions-only server), so a model that only completes is reported as working, in that mode.
// Whatever the endpoint answers, it makes a handful of requests at most, each under a timeout:
// GET /models, GET <base>/v1/models once when the base URL seems to miss its /v1, and up to two generations
// (each may ask once more without stream_options, and list models once when the model is unknown).
import { nowMs } from '../types';
import { CloudEngine, type CloudEngineConfig } from './cloud-engine';
import {
	CloudBaseUrlError,
	CloudError,
	CloudModelNotListedError,
	CloudNotJsonError,
	CloudRequestError,
	CloudTimeoutError
} from './errors';
import { endpointUrl, listModels } from './http';
import { toErrorPayload } from '../worker-rpc';

/** One request Test connection made, and what came of it. */
export interface ConnectionStep {
	request: string;
	ok: boolean;
	/** What it found ("lists 3 models") or, when it failed, the error. */
	outcome: string;
	errorName?: string;
}

export interface ConnectionReport {
	ok: boolean;
	/** GET /models, request to full answer. */
	roundTripMs: number | null;
	/** What /models lists; empty when the server does not list. */
	models: string[];
	/** false when /models lists models and this one is not among them; null when there is no list. */
	modelListed: boolean | null;
	streams: boolean;
	reportsUsage: boolean;
	/** Whether the stream carried the server's own timings (llama.cpp `timings`, Edgewise's). */
	reportsTimings: boolean;
	/** Which request modes answered: chat (/chat/completions) and plain completion (/completions; null: not
	 * tried, as chat worked or failed for a reason completions share). streams, usage and timings are the
	 * first working mode's. */
	modes: { chat: boolean; completion: boolean | null };
	ttftMs: number | null;
	/** A base URL that answers where this one does not (it lacked /v1). */
	suggestedBaseUrl?: string;
	steps: ConnectionStep[];
	error?: { name: string; message: string };
}

export interface TestConnectionOptions {
	/** Per request; the generation's first token may take longer on a server that loads lazily. */
	requestTimeoutMs?: number;
	firstTokenTimeoutMs?: number;
}

const DEFAULTS = { requestTimeoutMs: 10_000, firstTokenTimeoutMs: 30_000 };

/** A report of nothing checked yet; with `error`, the report of a test that could not run at all. */
export function emptyReport(error?: unknown): ConnectionReport {
	const report: ConnectionReport = {
		ok: false,
		roundTripMs: null,
		models: [],
		modelListed: null,
		streams: false,
		reportsUsage: false,
		reportsTimings: false,
		modes: { chat: false, completion: null },
		ttftMs: null,
		steps: []
	};
	if (error !== undefined) report.error = toErrorPayload(error);
	return report;
}

export async function testConnection(
	config: CloudEngineConfig,
	options: TestConnectionOptions = {}
): Promise<ConnectionReport> {
	const { requestTimeoutMs, firstTokenTimeoutMs } = { ...DEFAULTS, ...options };
	const report = emptyReport();
	const fail = (err: unknown) => {
		report.error = toErrorPayload(err);
		return report;
	};

	const listed = await timedList(config, requestTimeoutMs);
	report.steps.push(listed.step);
	if (listed.error && wrongPath(listed.error) && !/\/v1\/?$/.test(config.baseUrl)) {
		const candidate = endpointUrl(config.baseUrl, '/v1');
		const retry = await timedList({ ...config, baseUrl: candidate }, requestTimeoutMs);
		retry.step.request = `GET ${candidate}/models`;
		report.steps.push(retry.step);
		if (!retry.error) {
			report.suggestedBaseUrl = candidate;
			return fail(new CloudBaseUrlError(config.baseUrl, candidate));
		}
	}
	if (listed.error && !(listed.error instanceof CloudRequestError)) return fail(listed.error);
	// Some servers do not implement /models (a 404 there is no verdict); a list is.
	report.roundTripMs = listed.ms;
	report.models = listed.models;
	if (listed.models.length) report.modelListed = listed.models.includes(config.model);

	const engine = new CloudEngine({
		...config,
		connectTimeoutMs: Math.min(config.connectTimeoutMs ?? requestTimeoutMs, requestTimeoutMs),
		firstTokenTimeoutMs: Math.min(config.firstTokenTimeoutMs ?? firstTokenTimeoutMs, firstTokenTimeoutMs),
		idleTimeoutMs: Math.min(config.idleTimeoutMs ?? requestTimeoutMs, requestTimeoutMs)
	});
	let result = await tryMode(engine, config, 'chat', report);
	report.modes.chat = result.finishReason !== 'error' && result.arrivalsMs.length > 0;
	// Refused as a request (400 no chat template, 404 no such route, a web page): plain completion may still work.
	if (!report.modes.chat && result.error && REFUSED_AS_REQUEST.has(result.error.name)) {
		const completion = await tryMode(engine, config, 'completion', report);
		report.modes.completion = completion.finishReason !== 'error' && completion.arrivalsMs.length > 0;
		if (report.modes.completion) result = completion;
	}
	report.streams = result.finishReason !== 'error' && result.arrivalsMs.length > 0;
	report.reportsUsage = result.tokensSource === 'usage';
	report.reportsTimings = !!result.serverTimings;
	const first = result.arrivalsMs[0];
	report.ttftMs = first === undefined ? null : first - result.requestMs;
	if (result.error) return fail(result.error);
	report.ok = report.streams;
	if (report.modelListed === false) {
		// Some servers (llama-server) answer whatever model is asked for: the run would be labelled wrongly.
		report.error = toErrorPayload(new CloudModelNotListedError(config.model, listed.models));
	}
	return report;
}

/** Errors that mean "not this request" rather than "not this server": worth asking the other mode. */
const REFUSED_AS_REQUEST = new Set(['CloudRequestError', 'CloudNotJsonError']);

/** One tiny streamed generation in one mode, recorded as a step. */
async function tryMode(
	engine: CloudEngine,
	config: CloudEngineConfig,
	mode: 'chat' | 'completion',
	report: ConnectionReport
) {
	const result = await engine.generate({
		input: mode === 'chat' ? { mode, messages: [{ role: 'user', content: 'Say hi.' }] } : { mode, prompt: 'Hi' },
		maxNewTokens: 4,
		temperature: 0
	});
	const streams = result.finishReason !== 'error' && result.arrivalsMs.length > 0;
	report.steps.push({
		request: `POST ${endpointUrl(config.baseUrl, mode === 'chat' ? '/chat/completions' : '/completions')} (4 tokens, streamed)`,
		ok: streams,
		outcome: result.error
			? result.error.message
			: streams
				? `streamed ${result.arrivalsMs.length} chunks`
				: 'answered without any content',
		...(result.error && { errorName: result.error.name })
	});
	return result;
}

interface Listed {
	models: string[];
	ms: number;
	step: ConnectionStep;
	error?: unknown;
}

async function timedList(config: CloudEngineConfig, timeoutMs: number): Promise<Listed> {
	const request = `GET ${endpointUrl(config.baseUrl, '/models')}`;
	const startMs = nowMs();
	try {
		const models = await listModels(config, AbortSignal.timeout(timeoutMs));
		return {
			models,
			ms: nowMs() - startMs,
			step: {
				request,
				ok: true,
				outcome: models.length
					? `lists ${models.length} model${models.length === 1 ? '' : 's'}`
					: 'answered, lists no models'
			}
		};
	} catch (caught) {
		const err = isTimeout(caught) ? new CloudTimeoutError('connect', timeoutMs) : caught;
		const { name, message } = toErrorPayload(err);
		return {
			models: [],
			ms: nowMs() - startMs,
			error: err,
			step: { request, ok: false, outcome: message, errorName: name }
		};
	}
}

/** A 404 or a web page: what a base URL without its version path gets. */
function wrongPath(err: unknown): boolean {
	return (err instanceof CloudRequestError && err.status === 404) || err instanceof CloudNotJsonError;
}

function isTimeout(err: unknown): boolean {
	return (
		err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError') && !(err instanceof CloudError)
	);
}
