// The default model's greedy output in the browser equals the Node reference, on every backend the app
// offers: wasm with 1 thread, wasm with 2 threads (cross-origin isolated), WebGPU (SwiftShader here).
import { test, expect } from './fixtures';
import { generateInPage, greedyRequest, loadLocal, nodeGreedyIds, PROMPT } from './fixtures/local';
import { greedy } from '../../src/lib/models/synthetic/reference';
import { materializeWeights } from '../../src/lib/models/synthetic/weights';
import { SHAPES } from '../../src/lib/models/synthetic/shapes';
import { ASYNCIFY_BUILD, PLAIN_BUILD } from '../../src/lib/engine/local/backend';
import type { EdgewiseDebugApi } from '../../src/lib/state/debug-api';

/** The ORT build the loaded engine reports (what results record). */
const engineBuild = (page: import('@playwright/test').Page) =>
	page.evaluate(() => (window as { edgewise?: EdgewiseDebugApi }).edgewise!.local.info()?.build);

const TOKENS = 12;

test.describe('default model, greedy, browser vs Node', () => {
	for (const threads of [1, 2]) {
		for (const dtype of ['fp32', 'q8', 'q4']) {
			test(`wasm ${threads} thread(s), ${dtype}`, async ({ page }) => {
				await page.goto('/');
				expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
				expect(await loadLocal(page, { backend: 'wasm', dtype, threads })).toBe('ready');
				await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-threads', String(threads));
				await expect(page.getByTestId('backend-badge')).toContainText('WebAssembly');
				// wasm runs on the plain SIMD-threaded build (a worker of its own), not transformers.js's asyncify one.
				await expect(page.getByTestId('backend-badge')).toContainText(`${PLAIN_BUILD} · ${dtype}`);
				expect(await engineBuild(page)).toBe(PLAIN_BUILD);

				const result = await generateInPage(page, greedyRequest(TOKENS));
				expect(result.error).toBeUndefined();
				expect(result.tokensSource).toBe('tokenizer');
				expect(result.outputTokens).toBe(TOKENS);
				expect(result.arrivalsMs).toHaveLength(TOKENS);
				expect(result.tokenIds).toEqual(await nodeGreedyIds('edgewise-tiny', dtype, TOKENS));
			});
		}
	}

	test('fp32 in the browser equals the independent reference forward pass', async ({ page }) => {
		await page.goto('/');
		expect(await loadLocal(page, { backend: 'wasm', dtype: 'fp32', threads: 1 })).toBe('ready');
		const result = await generateInPage(page, greedyRequest(TOKENS));
		const { AutoTokenizer, env } = await import('@huggingface/transformers');
		env.localModelPath = 'static/models/';
		env.allowRemoteModels = false;
		const tokenizer = await AutoTokenizer.from_pretrained('edgewise-tiny');
		const ids = tokenizer.encode(PROMPT);
		expect(result.tokenIds).toEqual(greedy(materializeWeights(SHAPES.tiny, 1), ids, TOKENS, { stopAtEos: false }));
	});

	test('WebGPU (software adapter), fp32', async ({ page }) => {
		test.slow();
		await page.goto('/');
		const hasAdapter = await page.evaluate(
			async () => !!(await (navigator as Navigator & { gpu?: GPU }).gpu?.requestAdapter())
		);
		expect(hasAdapter, 'chromium runs with --enable-unsafe-webgpu').toBe(true);
		expect(await loadLocal(page, { backend: 'webgpu', dtype: 'fp32' })).toBe('ready');
		await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'webgpu');
		await expect(page.getByTestId('backend-badge')).toContainText(/WebGPU · \S+/);
		expect(await engineBuild(page)).toBe(ASYNCIFY_BUILD);
		const result = await generateInPage(page, greedyRequest(4));
		expect(result.tokenIds).toEqual(await nodeGreedyIds('edgewise-tiny', 'fp32', 4));
	});
});
