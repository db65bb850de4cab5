// Downloading from a server with the Hub layout: progress per file and in total, cached in the browser,
// and a second load (fresh page, fresh worker) makes no request to the model host at all. Then offline.
import { test, expect, HUB_ORIGIN, waitForServiceWorkerControl } from './fixtures';
import { must } from '../../src/lib/bench/testing/must';
import type { EdgewiseDebugApi } from '../../src/lib/state/debug-api';
import { generateInPage, greedyRequest, lastPrepare, loadLocal, nodeGreedyIds } from './fixtures/local';
import { DEFAULT_HUB_ROOT, TINY } from './fixtures/hub-server';

const MODEL_URL = `${HUB_ORIGIN}/${TINY}`;

async function hubRequests(): Promise<Record<string, number>> {
	return (await fetch(`${HUB_ORIGIN}/__requests`)).json();
}

test('Hub download shows progress, lands in the cache, and a second load makes no model request', async ({
	page,
	request
}) => {
	await request.post(`${HUB_ORIGIN}/__reset`);
	// Which precisions the model has comes from the host's file listing: no probe of a file it lacks, so no
	// 404 in the console for the person to read as an error.
	const notFound: string[] = [];
	page.on('response', (r) => r.status() === 404 && r.url().startsWith(HUB_ORIGIN) && notFound.push(r.url()));
	await page.goto('/');
	expect(await loadLocal(page, { custom: MODEL_URL, backend: 'wasm', dtype: 'q4', threads: 1 })).toBe('ready');
	await expect(page.getByTestId('local-status')).toContainText('cold');
	expect(notFound.filter((url) => url.includes('/onnx/'))).toEqual([]);

	const progress = await page.evaluate(() => (window as { edgewise?: EdgewiseDebugApi }).edgewise!.local.progress());
	const { files, loadedBytes, totalBytes } = progress as {
		files: Record<string, { loadedBytes: number; totalBytes: number }>;
		loadedBytes: number;
		totalBytes: number;
	};
	const weights = must(files['onnx/model_q4.onnx'], 'progress of onnx/model_q4.onnx');
	expect(weights.totalBytes).toBeGreaterThan(100_000);
	expect(weights.loadedBytes).toBe(weights.totalBytes);
	expect(must(files['tokenizer.json'], 'progress of tokenizer.json').loadedBytes).toBeGreaterThan(0);
	expect(loadedBytes).toBe(totalBytes);

	const first = await hubRequests();
	expect(first[`/${TINY}/resolve/main/onnx/model_q4.onnx`]).toBeGreaterThanOrEqual(1);
	const result = await generateInPage(page, greedyRequest(8));
	expect(result.tokenIds).toEqual(await nodeGreedyIds(TINY, 'q4', 8, `${DEFAULT_HUB_ROOT}/`));

	await request.post(`${HUB_ORIGIN}/__reset`);
	await page.reload();
	// Cached now: working on a prompt prepares the worker and reserves twice the file's size of heap for it
	// (found under the Hub URL transformers.js stored it at; prepare asks the model host for nothing).
	await page.getByRole('textbox', { name: 'Prompt' }).fill('Hi');
	await expect.poll(async () => (await lastPrepare(page))?.reservedBytes).toBe(2 * weights.totalBytes);
	expect(await loadLocal(page, { custom: MODEL_URL, backend: 'wasm', dtype: 'q4', threads: 1 })).toBe('ready');
	await expect(page.getByTestId('local-status')).toContainText('warm');
	expect(await hubRequests(), 'no request to the model host on the second load').toEqual({});
	expect((await generateInPage(page, greedyRequest(8))).tokenIds).toEqual(result.tokenIds);
});

test('offline: after a first load, reload without network and generate the same output', async ({ page, context }) => {
	await page.goto('/');
	await waitForServiceWorkerControl(page);
	expect(await loadLocal(page, { backend: 'wasm', dtype: 'q8', threads: 1 })).toBe('ready');
	const online = await generateInPage(page, greedyRequest(10));

	await context.setOffline(true);
	await page.reload();
	expect(await page.evaluate(() => navigator.onLine)).toBe(false);
	expect(await loadLocal(page, { backend: 'wasm', dtype: 'q8', threads: 1 })).toBe('ready');
	await expect(page.getByTestId('local-status')).toContainText('warm');
	const offline = await generateInPage(page, greedyRequest(10));
	expect(offline.tokenIds).toEqual(online.tokenIds);
	expect(offline.tokenIds).toEqual(await nodeGreedyIds('edgewise-tiny', 'q8', 10));
	await context.setOffline(false);
});
