// Which web pages may call this server from a browser: the app's own origins, any localhost or
// 127.0.0.1 port (dev servers, the e2e app), and whatever the operator adds. '*' allows every origin.

export const DEFAULT_CORS_ORIGINS = ['http://127.0.0.1:4173', 'http://localhost:4173'];

const LOOPBACK = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

function isAllowedOrigin(origin: string, allowList: readonly string[]): boolean {
	return allowList.includes('*') || allowList.includes(origin) || LOOPBACK.test(origin);
}

/** @fastify/cors `origin` option: reflect allowed origins, send no CORS headers for others. */
export function corsOriginCheck(allowList: readonly string[]) {
	return (origin: string | undefined, cb: (err: Error | null, allow: boolean) => void) => {
		// Requests without Origin (curl, Node) are not cross-origin browser requests.
		cb(null, origin === undefined || isAllowedOrigin(origin, allowList));
	};
}
