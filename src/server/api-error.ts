// OpenAI-style errors: `{error: {message, type, param, code}}` with the right status. Every failure the
// server knows about becomes one of these; Fastify's own errors (bad JSON, oversize body, schema
// violations, unsupported media type) are translated in `toApiError`.
import type { FastifyError } from 'fastify';

export type ApiErrorType =
	'invalid_request_error' | 'authentication_error' | 'not_found_error' | 'rate_limit_error' | 'server_error';

export class ApiError extends Error {
	override readonly name = 'ApiError';
	constructor(
		readonly status: number,
		message: string,
		readonly type: ApiErrorType = 'invalid_request_error',
		readonly param: string | null = null,
		readonly code: string | null = null,
		readonly headers: Record<string, string> = {}
	) {
		super(message);
	}

	body() {
		return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
	}
}

/** The 413 for a body over the limit (the limit in bytes when known). */
export function bodyTooLarge(limitBytes?: number): ApiError {
	const limit = limitBytes === undefined ? '' : ` This server accepts at most ${limitBytes} bytes.`;
	return new ApiError(413, `The request body is too large.${limit}`, 'invalid_request_error', null, 'body_too_large');
}

export function toApiError(err: unknown): ApiError {
	if (err instanceof ApiError) return err;
	const e = err as FastifyError & {
		validation?: { instancePath: string; params?: Record<string, unknown>; message?: string }[];
	};
	const v = e.validation?.[0];
	if (v) {
		const missing = typeof v.params?.missingProperty === 'string' ? `/${v.params.missingProperty}` : '';
		const param = (v.instancePath + missing).replace(/^\//, '').replace(/\//g, '.') || null;
		return new ApiError(
			400,
			`Invalid request: ${param ?? 'body'} ${v.message ?? 'is invalid'}.`,
			'invalid_request_error',
			param,
			'invalid_value'
		);
	}
	const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
	switch (e.code) {
		case 'FST_ERR_CTP_BODY_TOO_LARGE':
			return bodyTooLarge();
		case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
			return new ApiError(
				415,
				'Send the body as application/json.',
				'invalid_request_error',
				null,
				'unsupported_media_type'
			);
		case 'FST_ERR_CTP_EMPTY_JSON_BODY':
			return new ApiError(
				400,
				'The request body is empty; send a JSON object.',
				'invalid_request_error',
				null,
				'empty_body'
			);
		case 'FST_ERR_CTP_INVALID_JSON_BODY':
			return new ApiError(400, 'The request body is not valid JSON.', 'invalid_request_error', null, 'invalid_json');
	}
	if (e instanceof SyntaxError || status === 400)
		return new ApiError(400, 'The request body is not valid JSON.', 'invalid_request_error', null, 'invalid_json');
	if (status >= 400 && status < 500) return new ApiError(status, e.message || 'Bad request.', 'invalid_request_error');
	return new ApiError(
		500,
		'The server failed while handling this request; see its log.',
		'server_error',
		null,
		'internal_error'
	);
}
