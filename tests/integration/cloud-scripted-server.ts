// A scripted HTTP server on a free loopback port, for CloudEngine tests: each test says exactly what
// bytes the "endpoint" sends, including the broken ones real servers and proxies produce.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
	body: string;
}

export type Script = (req: RecordedRequest, res: ServerResponse) => void | Promise<void>;

export interface ScriptedServer {
	baseUrl: string;
	requests: RecordedRequest[];
	/** Resolves when a response's connection closes (client aborts show up here). */
	closed: Promise<void>[];
	close(): Promise<void>;
}

/** `port` 0 picks a free one; e2e specs pass one of their allowed ports. */
export async function startScripted(script: Script, port = 0): Promise<ScriptedServer> {
	const requests: RecordedRequest[] = [];
	const closed: Promise<void>[] = [];
	const server = createServer(async (req, res) => {
		closed.push(new Promise((resolve) => res.on('close', () => resolve())));
		let body = '';
		for await (const chunk of req) body += chunk;
		const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
		requests.push(recorded);
		try {
			await script(recorded, res);
		} catch {
			res.destroy();
		}
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	const bound = (server.address() as AddressInfo).port;
	return {
		baseUrl: `http://127.0.0.1:${bound}/v1`,
		requests,
		closed,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}

export function chatChunk(content: string, extra: Record<string, unknown> = {}): string {
	return `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: null }], ...extra })}\n\n`;
}

export function finalChunks(promptTokens: number, completionTokens: number, finish = 'stop'): string {
	return (
		`data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: finish }] })}\n\n` +
		`data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens } })}\n\n` +
		'data: [DONE]\n\n'
	);
}

export function sseHead(res: ServerResponse): void {
	res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
	res.flushHeaders();
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
