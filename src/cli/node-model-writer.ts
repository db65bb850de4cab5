// The Node side of model generation: a ModelWriter over a folder, and a transaction that builds the
// model in a temporary folder next to the destination and renames it into place only when complete,
// so a failure or Ctrl-C never leaves a half-written model where loaders would find it.
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { ModelFileSink, ModelWriter } from '../lib/models/synthetic/model-writer';

export class OutputFolderError extends Error {
	override name = 'OutputFolderError';
}

export class NodeModelWriter implements ModelWriter {
	constructor(readonly dir: string) {}

	async writeFile(path: string, data: Uint8Array | string): Promise<void> {
		const target = join(this.dir, path);
		await mkdir(dirname(target), { recursive: true });
		await writeFile(target, data);
	}

	async openFile(path: string): Promise<ModelFileSink> {
		const target = join(this.dir, path);
		await mkdir(dirname(target), { recursive: true });
		const stream = createWriteStream(target);
		await new Promise<void>((ok, fail) => stream.once('open', () => ok()).once('error', fail));
		return {
			write: (chunk) =>
				new Promise<void>((ok, fail) => {
					// Wait for 'drain' when the buffer is full so a multi-GB model never queues in memory.
					if (stream.write(chunk, (err) => err && fail(err))) ok();
					else stream.once('drain', ok);
				}),
			close: () => new Promise<void>((ok, fail) => stream.end((err?: Error | null) => (err ? fail(err) : ok())))
		};
	}
}

/**
 * Runs `build` against a writer on `<out>.tmp-<pid>-<n>` beside `out`, then swaps it into place
 * (an existing `out` is replaced). On any failure the temporary folder is removed.
 */
export async function writeFolderAtomically<T>(
	out: string,
	build: (writer: NodeModelWriter) => Promise<T>
): Promise<T> {
	const target = resolve(out);
	const parent = dirname(target);
	try {
		await mkdir(parent, { recursive: true });
	} catch (err) {
		throw new OutputFolderError(
			`Cannot create the output's parent folder ${parent}: ${(err as Error).message}. Choose a writable --out.`
		);
	}
	const temp = join(parent, `.${basename(target)}.tmp-${process.pid}-${Date.now()}`);
	try {
		await mkdir(temp);
	} catch (err) {
		throw new OutputFolderError(`Cannot write in ${parent}: ${(err as Error).message}. Choose a writable --out.`);
	}
	const cleanup = () => rm(temp, { recursive: true, force: true });
	const onSignal = () => void cleanup().finally(() => process.exit(130));
	process.once('SIGINT', onSignal);
	try {
		const result = await build(new NodeModelWriter(temp));
		const old = (await exists(target)) ? `${temp}.old` : null;
		if (old) await rename(target, old);
		await rename(temp, target);
		if (old) await rm(old, { recursive: true, force: true });
		return result;
	} catch (err) {
		await cleanup();
		throw err;
	} finally {
		process.off('SIGINT', onSignal);
	}
}

export async function exists(path: string): Promise<boolean> {
	try {
		await stat(path);
		return true;
	} catch {
		return false;
	}
}
