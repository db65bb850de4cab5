// The generator is isomorphic: bundled for the browser (no Node API may sneak in, or the bundle fails)
// and run in real Chromium, it writes byte-for-byte the files the Node CLI writes.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { makeModel } from '../../src/cli/make-model';
import { at } from '../../src/lib/bench/testing/must';
import { SHAPES } from '../../src/lib/models/synthetic/shapes';
import { expect, test } from './fixtures';

test('the generator writes the same bytes in Chromium as in Node', async ({ page }) => {
	const bundle = await build({
		entryPoints: [fileURLToPath(new URL('../../src/lib/models/synthetic/generate.ts', import.meta.url))],
		bundle: true,
		platform: 'browser',
		format: 'esm',
		write: false
	});
	const source = at(bundle.outputFiles, 0).text;

	// A string, not a function, so the test runner's transform leaves the page's dynamic import() alone.
	const script = `(async () => {
		const mod = await import(URL.createObjectURL(new Blob([window.__source], { type: 'text/javascript' })));
		const files = new Map();
		const writer = { writeFile: async (path, data) => void files.set(path, typeof data === 'string' ? new TextEncoder().encode(data) : data) };
		await mod.generateModel({ shape: window.__shape, dtypes: ['fp32', 'q8', 'q4'], seed: 1, writer });
		// about:blank has no crypto.subtle (not a secure context): ship the bytes back as base64.
		const out = {};
		for (const [path, bytes] of files) {
			let binary = '';
			for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
			out[path] = btoa(binary);
		}
		return out;
	})()`;
	await page.evaluate(([src, shape]) => Object.assign(window, { __source: src, __shape: shape }), [
		source,
		SHAPES.tiny
	] as const);
	const files: Record<string, string> = await page.evaluate(script);
	const inBrowser: Record<string, string> = Object.fromEntries(
		Object.entries(files).map(([p, b64]) => [p, createHash('sha256').update(Buffer.from(b64, 'base64')).digest('hex')])
	);

	const dir = await mkdtemp(join(tmpdir(), 'edgewise-browser-gen-'));
	try {
		await makeModel({ shape: SHAPES.tiny, dtypes: ['fp32', 'q8', 'q4'], seed: 1, out: join(dir, 'm') });
		const inNode = Object.fromEntries(
			await Promise.all(
				Object.keys(inBrowser).map(async (p) => [
					p,
					createHash('sha256')
						.update(await readFile(join(dir, 'm', p)))
						.digest('hex')
				])
			)
		);
		expect(Object.keys(inBrowser)).toContain('onnx/model_q4.onnx');
		expect(inBrowser).toEqual(inNode);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
});
