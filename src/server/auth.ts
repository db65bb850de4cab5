// Optional bearer key. Compared in constant time; /health and CORS preflights stay open so monitors
// and browsers can ask before they know the key.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './api-error';

const digest = (s: string) => createHash('sha256').update(s).digest();

export function checkBearer(apiKey: string) {
	const expected = digest(`Bearer ${apiKey}`);
	return async (request: FastifyRequest, reply: FastifyReply) => {
		if (request.method === 'OPTIONS' || request.url === '/health') return;
		const given = request.headers.authorization ?? '';
		if (!timingSafeEqual(digest(given), expected)) {
			const e = new ApiError(
				401,
				'Missing or wrong API key. Send it as "Authorization: Bearer KEY".',
				'authentication_error',
				null,
				'invalid_api_key'
			);
			return reply.code(401).send(e.body());
		}
	};
}
