// Privacy and weight of the shell: the pages are cross-origin isolated, every page loads with no request
// to another origin (the request recorder fixture fails the test otherwise), and the page itself never
// loads a model runtime (transformers.js on ONNX Runtime, or llama.cpp's wasm): those load only inside their
// worker, when a model is loaded.
import { expect, test } from './fixtures';

const PAGES = ['/', '/models', '/results', '/devices', '/settings', '/about'];

test('every page is cross-origin isolated and talks to no other origin', async ({ page, requestLog }) => {
	for (const path of PAGES) {
		const response = await page.goto(path);
		expect(response?.headers()['cross-origin-opener-policy']).toBe('same-origin');
		expect(response?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
		await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
		expect(await page.evaluate(() => crossOriginIsolated), path).toBe(true);
	}
	expect(requestLog.requests.length).toBeGreaterThan(PAGES.length);
	expect(requestLog.foreign()).toEqual([]);
});

test('the first paint loads no model runtime (and reports how much JS it takes)', async ({ page }, testInfo) => {
	const scripts: { url: string; bytes: number; runtime: boolean }[] = [];
	const wasm: string[] = [];
	page.on('response', async (response) => {
		const url = response.url();
		if (response.request().serviceWorker()) return;
		if (/\.wasm(\?|$)/.test(url)) wasm.push(url);
		if (!/\.m?js(\?|$)/.test(url)) return;
		const body = await response.body().catch(() => Buffer.alloc(0));
		// A name only the onnxruntime-web runtime (which transformers.js bundles) contains. The page may hold
		// the ORT file names (it tells the worker where they are) and the results schema names the runtime
		// ("onnxruntime-web"); neither is the runtime.
		// For llama.cpp, the exports wllama's glue calls into its wasm: the page holds only the wasm's URL.
		const text = body.toString('latin1');
		const runtime = text.includes('InferenceSession') || text.includes('wllama_start');
		scripts.push({ url, bytes: body.byteLength, runtime });
	});
	await page.goto('/');
	await expect(page.getByRole('form', { name: 'Prompt' })).toBeVisible();
	await page.waitForLoadState('networkidle');

	expect(scripts.length).toBeGreaterThan(0);
	// The cloud stream worker (small) may start at once; the model runtime may not.
	expect(scripts.filter((script) => script.runtime)).toEqual([]);
	expect(wasm).toEqual([]);
	const totalBytes = scripts.reduce((sum, script) => sum + script.bytes, 0);
	// A number for BENCHMARKS.md, not a pass/fail line: printed and attached.
	console.log(`first paint: ${scripts.length} JS files, ${totalBytes} bytes (uncompressed)`);
	testInfo.annotations.push({ type: 'first-paint-js-bytes', description: String(totalBytes) });
});
