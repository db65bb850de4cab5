// `Expect: 100-continue`, answered by the server itself. Node answers it with `100 Continue` before any
// route runs, so a client then sends its whole body; Fastify refuses an oversize one from its
// Content-Length at once and closes the connection, while the client is still sending. Closing a socket
// with unread bytes makes the kernel send a reset, which can reach the client before it reads the 413: it
// then sees `100 Continue` and no final answer. Refusing before `100 Continue` means the body is never sent,
// so nothing is left unread and the 413 always arrives.
import type { Server } from 'node:http';
import { bodyTooLarge } from './api-error';

export function refuseOversizeBeforeContinue(server: Server, limitBytes: number): void {
	server.on('checkContinue', (req, res) => {
		const length = Number(req.headers['content-length']);
		if (Number.isFinite(length) && length > limitBytes) {
			const body = JSON.stringify(bodyTooLarge(limitBytes).body());
			res.writeHead(413, {
				'content-type': 'application/json; charset=utf-8',
				'content-length': Buffer.byteLength(body),
				connection: 'close'
			});
			res.end(body);
			return;
		}
		// What Node does without this listener: go on, and hand the request to the app.
		res.writeContinue();
		server.emit('request', req, res);
	});
}
