// The Compare page end to end: one prompt form drives the local engine (default model, wasm) and the
// reference cloud server (same model folder, fp32) side by side; greedy decoding gives both the same text.
// The default model is stories260k, a real trained model: from "Once upon a time" its greedy text is known
// (assets/stories260K/PROVENANCE.md).
import { lastPrepare, loadLocal } from './fixtures/local';
import { expect, test, type Page } from './fixtures';
import { includeSlot, useReferenceEndpoint } from './fixtures/slots';

const pane = (page: Page, engine: 'local' | 'cloud') => page.locator(`section.pane[data-engine="${engine}"]`);
const metric = (page: Page, engine: 'local' | 'cloud', id: string) =>
	pane(page, engine).locator(`[data-metric="${id}"] dd`);

async function setOptions(
	page: Page,
	options: { maxNewTokens: number; local: boolean; cloud: boolean }
): Promise<void> {
	const form = page.getByRole('form', { name: 'Prompt' });
	await form.getByRole('spinbutton', { name: 'Max new tokens' }).fill(String(options.maxNewTokens));
	await form.getByRole('spinbutton', { name: 'Max new tokens' }).blur();
	await includeSlot(page, 'local', options.local);
	await includeSlot(page, 'cloud', options.cloud);
}

test('on the defaults, "Once upon a time" prints the same little story on both sides, with measured metrics', async ({
	page
}) => {
	// Only the endpoint's address moves to the e2e server; model, precision, mode, tokens and prompt stay as a
	// first visit has them.
	await useReferenceEndpoint(page);
	const prompt = page.getByRole('textbox', { name: 'Prompt' });
	await expect(prompt).toHaveValue('Once upon a time');
	await expect(page.getByRole('radio', { name: 'Plain completion' })).toBeChecked();
	await expect(page.getByRole('radio', { name: 'Chat' })).toBeDisabled();
	await expect(page.getByTestId('no-chat-template')).toContainText('stories260k (built in) has no chat template');
	await page.getByRole('button', { name: /^Run/ }).click();

	for (const engine of ['local', 'cloud'] as const) {
		await expect(pane(page, engine).getByRole('status')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
	}
	const localText = await page.getByTestId('local-output').textContent();
	const cloudText = await page.getByTestId('cloud-output').textContent();
	expect(localText).toMatch(/^, there was a little girl named Lily\. She loved to play outside in the park\./);
	expect(cloudText).toBe(localText);
	// A real model: no random-weights label on either pane.
	await expect(page.getByTestId('local-random-weights')).toHaveCount(0);
	await expect(page.getByTestId('cloud-random-weights')).toHaveCount(0);
	await expect(metric(page, 'local', 'load')).toHaveText(/\d ms|\d s/);

	for (const engine of ['local', 'cloud'] as const) {
		await expect(metric(page, engine, 'ttft')).toHaveText(/^\d+(\.\d)? (ms|s)$/);
		await expect(metric(page, engine, 'e2e')).toHaveText(/^\d+(\.\d)? (ms|s)$/);
	}
	await expect(metric(page, 'local', 'decode')).toHaveText(/^\d+(\.\d)? tok\/s$/);
	// The reference server reports its own decode figure, so the cloud pane always has one: the client's when
	// it could time the stream, else (the tokens reached it in bursts) the server's, labelled, with the
	// client's own figure and the notice beside it. A stream that arrived more slowly than it was made keeps
	// the client's figure, marked.
	const cloudDecode = (await metric(page, 'cloud', 'decode').textContent())!;
	expect(cloudDecode).toMatch(/^\d+(\.\d)? tok\/s( \(server's figure\)| \(see notice\))?$/);
	if (cloudDecode.endsWith("(server's figure)")) {
		await expect(page.getByTestId('cloud-run-notice')).toContainText(/cannot time the decode.*server's own figure/);
		await expect(metric(page, 'cloud', 'client-decode')).toHaveText(/\(bursts, see notice\)$/);
		await expect(metric(page, 'cloud', 'tpot')).toHaveText(/ \(server's figure\)$/);
	} else if (cloudDecode.endsWith(' (see notice)'))
		await expect(page.getByTestId('cloud-run-notice')).toContainText(/client \/ server decode \d/);
	else await expect(metric(page, 'cloud', 'server-decode')).toHaveText(/^\d+(\.\d)? tok\/s$/);
	// So the verdict has a decode sentence with a ratio, and a break-even answer.
	const verdictLine = (m: string) => page.getByTestId('verdict-line').and(page.locator(`[data-metric="${m}"]`));
	await expect(verdictLine('decode')).toHaveText(/decodes? .*(\d+(\.\d)?x faster|about as fast)/);
	await expect(verdictLine('decode')).toContainText(cloudDecode.replace(/ \(see notice\)$/, ''));
	await expect(verdictLine('break-even')).not.toHaveText(/not known/);
	// The same tokens on both sides: counted by the tokenizer here, reported in `usage` by the server.
	await expect(metric(page, 'local', 'tokens')).toHaveText(/^\d+ \(tokenizer\)$/);
	await expect(metric(page, 'cloud', 'tokens')).toHaveText(/^\d+ \(server usage\)$/);
	const count = async (engine: 'local' | 'cloud') =>
		Number((await metric(page, engine, 'tokens').textContent())!.split(' ')[0]);
	expect(await count('cloud')).toBe(await count('local'));

	await expect(page.getByRole('status').filter({ hasText: 'Saved to Results' })).toBeVisible();
	await page.getByRole('link', { name: 'Results', exact: true }).first().click();
	await expect(page.getByTestId('history-item').first()).toBeVisible();
});

test('Stop ends a long generation at once, and the next run works; random weights are labelled', async ({ page }) => {
	await page.goto('/');
	expect(await loadLocal(page, { model: 'default:edgewise-tiny', backend: 'wasm', dtype: 'q8' })).toBe('ready');
	await setOptions(page, { maxNewTokens: 4096, local: true, cloud: false });
	await page.getByRole('radio', { name: 'Plain completion' }).check();
	// A prompt the tiny model continues past 2000 tokens without an end-of-sequence (greedy, q8): "Once upon a
	// time" ends after 346, which a busy machine can reach before Stop is pressed.
	await page.getByRole('textbox', { name: 'Prompt' }).fill('1 2 3 4');
	await page.getByRole('button', { name: /^Run/ }).click();

	const status = pane(page, 'local').getByRole('status');
	await expect(status).toHaveAttribute('data-status', 'running');
	await expect(page.getByTestId('local-output')).not.toHaveText('');
	await expect(page.getByTestId('local-random-weights')).toHaveText(
		'random weights: the text is noise; the speed is real'
	);
	await page.getByRole('button', { name: 'Stop' }).click();
	await expect(status).toHaveAttribute('data-status', 'cancelled');
	await expect(status).toHaveText('Stopped');
	const stoppedAt = Number((await metric(page, 'local', 'tokens').textContent())!.split(' ')[0]);
	expect(stoppedAt).toBeGreaterThan(0);
	expect(stoppedAt).toBeLessThan(4096);

	await setOptions(page, { maxNewTokens: 8, local: true, cloud: false });
	await page.getByRole('button', { name: /^Run/ }).click();
	await expect(status).toHaveAttribute('data-status', 'done');
	await expect(metric(page, 'local', 'tokens')).toHaveText(/^[1-8] \(tokenizer\)$/);
});

test('Run with no model loaded loads the selected local model first, then answers', async ({ page }) => {
	const runtimeFiles: string[] = [];
	page.context().on('request', (request) => {
		// The service worker's own precache fetches do not count: only the page's worker asking for it.
		if (request.serviceWorker()) return;
		if (/ort-wasm-simd-threaded[^/]*\.wasm(\?|$)/.test(request.url())) runtimeFiles.push(request.url());
	});
	await page.goto('/');
	await expect(page.getByTestId('local-status')).toHaveAttribute('data-status', 'idle');
	expect(runtimeFiles).toEqual([]);
	await page.getByTestId('local-backend').selectOption('wasm');
	await setOptions(page, { maxNewTokens: 8, local: true, cloud: false });
	const prompt = page.getByRole('textbox', { name: 'Prompt' });
	await prompt.fill('Hello');
	// Working on the prompt started the local runtime ahead of Run (LocalEngineManager.prepare).
	await expect.poll(() => runtimeFiles.length).toBeGreaterThan(0);
	await expect(page.getByTestId('local-status')).toHaveAttribute('data-status', 'idle');
	await prompt.press('Control+Enter');
	await expect(pane(page, 'local').getByRole('status')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
	await expect(page.getByTestId('local-status')).toHaveAttribute('data-status', 'ready');
	expect((await page.getByTestId('local-output').textContent())?.length).toBeGreaterThan(0);
	// The load belongs to this run's story: its time and kind show in the pane.
	await expect(metric(page, 'local', 'load')).toHaveText(/\d ms|\d s/);
});

test('once the model is cached, working on the prompt also reserves its heap, and Run answers the same', async ({
	page
}) => {
	await page.goto('/');
	await page.getByTestId('local-backend').selectOption('wasm');
	await setOptions(page, { maxNewTokens: 8, local: true, cloud: false });
	const prompt = page.getByRole('textbox', { name: 'Prompt' });
	await prompt.fill('Hello');
	// First visit: nothing cached, so prepare() has no size to reserve for.
	await expect.poll(() => lastPrepare(page)).toMatchObject({ reservedBytes: 0 });
	await prompt.press('Control+Enter');
	await expect(pane(page, 'local').getByRole('status')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
	const first = await page.getByTestId('local-output').textContent();

	await page.reload();
	await page.getByRole('textbox', { name: 'Prompt' }).fill('Hello');
	// Twice the cached fp32 file: the heap its session will need (worker-runtime.ts, HEAP_PER_MODEL_BYTE).
	const fileBytes = Number(
		(await page.request.head('/models/stories260k/onnx/model.onnx')).headers()['content-length']
	);
	expect(fileBytes).toBeGreaterThan(0);
	await expect.poll(() => lastPrepare(page)).toMatchObject({ reservedBytes: 2 * fileBytes });
	await page.getByRole('textbox', { name: 'Prompt' }).press('Control+Enter');
	await expect(pane(page, 'local').getByRole('status')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
	expect(await page.getByTestId('local-output').textContent()).toBe(first);
});

test('on WebGPU too, working on the prompt starts the runtime and its device ahead of Run', async ({ page }) => {
	const runtimeFiles: string[] = [];
	page.context().on('request', (request) => {
		if (!request.serviceWorker() && /ort-wasm-simd-threaded\.asyncify[^/]*\.wasm(\?|$)/.test(request.url()))
			runtimeFiles.push(request.url());
	});
	await page.goto('/');
	// Forced: Chromium's software adapter here (correct, never timed; Auto never picks it).
	await page.getByTestId('local-backend').selectOption('webgpu');
	await setOptions(page, { maxNewTokens: 6, local: true, cloud: false });
	const prompt = page.getByRole('textbox', { name: 'Prompt' });
	await prompt.fill('Hello');
	await expect.poll(() => runtimeFiles.length).toBeGreaterThan(0);
	await prompt.press('Control+Enter');
	await expect(pane(page, 'local').getByRole('status')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
	await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'webgpu');
	expect((await page.getByTestId('local-output').textContent())?.length).toBeGreaterThan(0);
});
