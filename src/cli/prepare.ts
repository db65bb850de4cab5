// What must exist before the app can be served: the built-in models (the default, stories260k, converted
// from assets/stories260K/, and the synthetic edgewise-tiny), then a build that is not older than its
// sources. Shared by `npm start` and the Playwright global setup, so both behave the same.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_MODEL_IDS, DEFAULT_MODEL_ID } from '../lib/models/builtin';

export { DEFAULT_MODEL_ID };
export const DEFAULT_MODEL_DIR = join('static', 'models', DEFAULT_MODEL_ID);
const BUILD_MARKER = join('build', 'index.html');
// Everything whose change changes build/ (static/ includes the default model, which is copied in).
const BUILD_INPUTS = ['src', 'static', 'vite.config.ts', 'svelte.config.js', 'package.json', 'package-lock.json'];
// Node-only code never reaches the browser bundle; editing it must not trigger a rebuild.
const NOT_BUILD_INPUTS = [join('src', 'cli'), join('src', 'server')];

export class PrepareError extends Error {
	override name = 'PrepareError';
}

/** Runs a command with inherited stdio; rejects with what to do next when it fails. */
export function run(
	command: string,
	args: string[],
	hint: string,
	env: NodeJS.ProcessEnv = process.env
): Promise<void> {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(command, args, { stdio: 'inherit', shell: false, env });
		child.on('error', (error) =>
			reject(new PrepareError(`${command} ${args.join(' ')} could not start (${error.message}). ${hint}`))
		);
		child.on('exit', (code, signal) => {
			if (code === 0) resolvePromise();
			else reject(new PrepareError(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}). ${hint}`));
		});
	});
}

/** Every built-in model's folder has its files (a quick look; `models:default` itself checks each fully). */
export function defaultModelPresent(): boolean {
	return BUILTIN_MODEL_IDS.every((id) =>
		['config.json', 'tokenizer.json', 'onnx/model.onnx', 'model-q8_0.gguf'].every((file) =>
			existsSync(join('static', 'models', id, file))
		)
	);
}

function hasScript(name: string): boolean {
	const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts?: Record<string, string> };
	return Boolean(pkg.scripts?.[name]);
}

/** `npm run models:default` is idempotent; `force` runs it even when the files look present. */
export async function ensureDefaultModel({ force = false } = {}): Promise<void> {
	if (!force && defaultModelPresent()) return;
	if (!hasScript('models:default')) {
		console.warn('[prepare] no `models:default` script yet: the app will run without its default model.');
		return;
	}
	console.log(`[prepare] generating the built-in models into static/models/ (${BUILTIN_MODEL_IDS.join(', ')})`);
	await run('npm', ['run', '--silent', 'models:default'], 'Run `npm run models:default` alone to see why.');
}

async function newestMtimeMs(path: string): Promise<number> {
	if (NOT_BUILD_INPUTS.includes(path) || !existsSync(path)) return 0;
	const info = await stat(path);
	if (!info.isDirectory()) return info.mtimeMs;
	const entries = await readdir(path);
	const times = await Promise.all(entries.map((entry) => newestMtimeMs(join(path, entry))));
	return Math.max(info.mtimeMs, ...times);
}

export async function buildIsStale(): Promise<boolean> {
	if (!existsSync(BUILD_MARKER)) return true;
	const builtMs = (await stat(BUILD_MARKER)).mtimeMs;
	const inputs = await Promise.all(BUILD_INPUTS.map(newestMtimeMs));
	return Math.max(...inputs) > builtMs;
}

const BUILD_LOCK = join(tmpdir(), 'edgewise-build.lock');

function hasFlock(): boolean {
	return spawnSync('flock', ['--version'], { stdio: 'ignore' }).status === 0;
}

export async function ensureBuild({ force = false } = {}): Promise<void> {
	if (!force && !(await buildIsStale())) return;
	console.log('[prepare] building the app (vite build)');
	// The package's own binary, not npx: npx would repeat npm's notices in the build output.
	const vite = 'node_modules/.bin/vite';
	const build = ['build', '--logLevel', 'error'];
	// Two builds at once (npm start beside a test run) overwrite each other's .svelte-kit/output and fail
	// prerendering; where flock exists, builds from here take turns.
	// Always a production build: a caller under vitest has NODE_ENV=test, which would make the PWA plugin
	// emit a development service worker (unminified, different precache manifest) that later runs reuse.
	const env = { ...process.env, NODE_ENV: 'production' };
	const hint = 'Run `npm run build` alone to see why.';
	if (hasFlock()) await run('flock', [BUILD_LOCK, vite, ...build], hint, env);
	else await run(vite, build, hint, env);
}

/** The default model first: the build copies static/ (and so the model) into build/. */
export async function prepare(): Promise<void> {
	await ensureDefaultModel();
	await ensureBuild();
}
