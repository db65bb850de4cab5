// One cross-origin-isolated static server for the engine benchmark: the raw transformers.js page and
// the app-engine page, the npm packages the raw page imports (the project's own installed copy: no CDN),
// and the model folders, both as a local model path (/models/{id}/...) and in the Hub layout
// (/hub/{id}/resolve/main/...) that LocalEngine's "url" source reads. Range is on: transformers.js
// sizes files with `Range: bytes=0-0`.
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import { resolve } from 'node:path';
import { ISOLATION_HEADERS } from '../../src/server/static-server';

export interface BenchServerOptions {
	repoRoot: string;
	modelsDir: string;
	appPageDir: string;
	port: number;
}

const TYPES: Record<string, string> = {
	'.mjs': 'text/javascript; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.wasm': 'application/wasm'
};

export async function startBenchServer(options: BenchServerOptions): Promise<{ url: string; close(): Promise<void> }> {
	const app = Fastify({ logger: false });
	app.addHook('onSend', async (_request, reply) => {
		for (const [name, value] of Object.entries(ISOLATION_HEADERS)) reply.header(name, value);
		reply.header('cache-control', 'no-cache');
	});
	const mounts: [string, string][] = [
		['/raw/', resolve(options.repoRoot, 'benchmarks/raw-page')],
		['/app/', options.appPageDir],
		['/node_modules/', resolve(options.repoRoot, 'node_modules')],
		['/models/', options.modelsDir]
	];
	mounts.forEach(([prefix, root], i) =>
		app.register(fastifyStatic, {
			root,
			prefix,
			decorateReply: i === 0,
			acceptRanges: true,
			cacheControl: false,
			setHeaders(reply, path) {
				const type = TYPES[path.slice(path.lastIndexOf('.'))];
				if (type) reply.header('content-type', type);
			}
		})
	);
	// Hub layout over the same folders, so the app's "url" model source reads the very same files.
	app.get('/hub/:id/resolve/:revision/*', (request, reply) => {
		const { id, '*': file } = request.params as { id: string; '*': string };
		return reply.sendFile(`${id}/${file}`, options.modelsDir);
	});
	const url = await app.listen({ host: '127.0.0.1', port: options.port });
	return { url, close: () => app.close() };
}
