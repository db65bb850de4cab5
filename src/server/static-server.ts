// Serves the built app (build/) the way Edgewise needs any static host to: cross-origin isolated (so
// ONNX Runtime can use wasm threads), with the right MIME types for .wasm/.mjs/.webmanifest, HTTP Range
// (transformers.js sizes model files with `Range: bytes=0-0`), and SPA fallback to the prerendered pages.
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyReply } from 'fastify';
import { readFile, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { buildIdOf, RUNTIME_INFO_PATH, type RuntimeInfo } from '../lib/runtime-info';

export interface StaticServerOptions {
	/** Folder to serve; the adapter-static output by default. */
	root?: string;
	host?: string;
	/** 0 picks a free port. */
	port?: number;
	logger?: boolean;
	/** Where the reference server started beside this app listens (read per request: it may start later). */
	referenceBaseUrl?: () => string | null;
}

export interface StaticServer {
	url: string;
	close(): Promise<void>;
}

/** Headers every response carries. Exported so tests and the README say the same thing as the code. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Embedder-Policy': 'require-corp',
	'Cross-Origin-Resource-Policy': 'same-origin',
	'X-Content-Type-Options': 'nosniff'
};

// mime@3 (used by @fastify/send) still says application/javascript for .mjs; HTML says text/javascript.
const CONTENT_TYPES: Readonly<Record<string, string>> = {
	'.mjs': 'text/javascript; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.wasm': 'application/wasm',
	'.webmanifest': 'application/manifest+json; charset=utf-8',
	'.onnx': 'application/octet-stream',
	'.onnx_data': 'application/octet-stream'
};

export class StaticRootMissingError extends Error {
	override name = 'StaticRootMissingError';
	constructor(root: string) {
		super(`Nothing to serve at ${root}: build the app first with \`npm run build\` (or run \`npm start\`).`);
	}
}

async function isFile(path: string): Promise<boolean> {
	try {
		return (await stat(path)).isFile();
	} catch {
		return false;
	}
}

/**
 * Maps a URL path to the file to send, relative to root. Prerendered pages win over folders of the same
 * name (`/models` is the Models page, `/models/` holds model files), then files, then the SPA shell for
 * anything that looks like a page. Returns null for a missing asset (a real 404).
 */
export async function resolveStaticPath(root: string, urlPath: string): Promise<string | null> {
	let path: string;
	try {
		path = decodeURIComponent(urlPath.split('?')[0] ?? '');
	} catch {
		return null;
	}
	if (path.includes('\0') || path.split('/').includes('..')) return null;
	const candidates = path.endsWith('/') ? [`${path}index.html`] : [`${path}.html`, path];
	for (const candidate of candidates) {
		if (await isFile(join(root, candidate))) return candidate;
	}
	const looksLikePage = extname(path) === '' || extname(path) === '.html';
	if (looksLikePage && !path.startsWith('/models/') && !path.startsWith('/_app/')) return '/index.html';
	return null;
}

function cacheControlFor(file: string): string {
	// Hashed build assets never change; everything else (pages, sw.js, the manifest) must revalidate so
	// an update reaches the service worker.
	return file.startsWith('/_app/immutable/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

export async function startStaticServer(options: StaticServerOptions = {}): Promise<StaticServer> {
	const root = resolve(options.root ?? 'build');
	if (!(await isFile(join(root, 'index.html')))) throw new StaticRootMissingError(root);
	const app = Fastify({ logger: options.logger ?? false });

	app.addHook('onSend', async (_request, reply) => {
		for (const [name, value] of Object.entries(ISOLATION_HEADERS)) reply.header(name, value);
	});

	await app.register(fastifyStatic, {
		root,
		serve: false,
		acceptRanges: true,
		// send() would add max-age=0 itself; cacheControlFor sets the policy instead.
		cacheControl: false,
		setHeaders(reply: FastifyReply, filePath: string) {
			const type = CONTENT_TYPES[extname(filePath)];
			if (type) reply.header('content-type', type);
		}
	});

	const version = (
		JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
	).version;
	// Never cached (by the browser or the service worker, see vite.config.ts): it describes this run.
	app.get(RUNTIME_INFO_PATH, async (_request, reply) => {
		const build = await readFile(join(root, '_app', 'version.json'), 'utf8').then(buildIdOf, () => null);
		const info: RuntimeInfo = {
			app: 'edgewise',
			version,
			build,
			referenceBaseUrl: options.referenceBaseUrl?.() ?? null
		};
		return reply.header('cache-control', 'no-store').send(info);
	});

	app.get('/*', async (request, reply) => {
		const file = await resolveStaticPath(root, request.url);
		if (!file) return reply.code(404).type('text/plain; charset=utf-8').send(`Not found: ${request.url}\n`);
		reply.header('cache-control', cacheControlFor(file));
		return reply.sendFile(file.slice(1));
	});

	const address = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 4173 });
	return { url: address.replace('[::1]', 'localhost'), close: () => app.close() };
}
