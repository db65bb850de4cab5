// Memory per run in Chromium: a wasm run records ORT's heap after load and its peak, the model's bytes,
// the page's total (or why the browser did not give it) and, for a non-WebGPU run, no GPU buffers with
// the reason; the pane shows them, and so does the saved result.
import { expect, test, type Page } from './fixtures';
import { generateInPage, greedyRequest, loadLocal } from './fixtures/local';
import { includeSlot } from './fixtures/slots';

const pane = (page: Page) => page.locator('section.pane[data-engine="local"]');
const MIB = /^\d+(\.\d+)? (MiB|GiB)$/;

test('a wasm run records heap, model, page and GPU memory, or why not, on the pane and in results', async ({
	page
}) => {
	await page.goto('/');
	expect(await loadLocal(page, { backend: 'wasm', dtype: 'q8', threads: 2 })).toBe('ready');

	const result = await generateInPage(page, greedyRequest(8));
	const memory = result.memory!;
	expect(memory.wasmHeapAfterLoad.bytes).toBeGreaterThan(0);
	expect(memory.wasmHeapPeak.bytes).toBeGreaterThanOrEqual(memory.wasmHeapAfterLoad.bytes!);
	// The heap holds the model's weights, so it is larger than the q8 files' bytes.
	expect(memory.model.bytes).toBeGreaterThan(0);
	expect(memory.wasmHeapAfterLoad.bytes).toBeGreaterThan(memory.model.bytes!);
	if (memory.page.bytes === null) expect(memory.page.reason).toMatch(/\w/);
	else expect(memory.page.bytes).toBeGreaterThan(memory.wasmHeapAfterLoad.bytes!);
	expect(memory.webgpuBuffers).toEqual({ bytes: null, reason: 'not a WebGPU run' });

	const form = page.getByRole('form', { name: 'Prompt' });
	await form.getByRole('spinbutton', { name: 'Max new tokens' }).fill('8');
	await includeSlot(page, 'local', true);
	await includeSlot(page, 'cloud', false);
	await page.getByRole('radio', { name: 'Plain completion' }).check();
	await page.getByRole('textbox', { name: 'Prompt' }).fill('Hello');
	await page.getByRole('textbox', { name: 'Prompt' }).press('Control+Enter');
	await expect(pane(page).getByRole('status')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
	const figure = (key: string) => pane(page).locator(`[data-metric="memory-${key}"] dd`);
	await expect(figure('wasmHeapAfterLoad')).toHaveText(MIB);
	await expect(figure('wasmHeapPeak')).toHaveText(MIB);
	await expect(figure('model')).toHaveText(MIB);
	await expect(figure('webgpuBuffers')).toHaveText('n/anot a WebGPU run');
	await expect(figure('page')).toHaveText(/^(\d+(\.\d+)? (MiB|GiB)|n\/anot measured in this browser)$/);
	// A tile speaks to a person; the technical reason (which API, which condition) is in its title.
	if ((await figure('page').textContent())?.startsWith('n/a'))
		await expect(pane(page).locator('[data-metric="memory-page"]')).toHaveAttribute('title', /Not measured: \w.+/);

	await expect(page.getByRole('status').filter({ hasText: 'Saved to Results' })).toBeVisible();
	await page.getByRole('link', { name: 'Results', exact: true }).first().click();
	const saved = page.getByTestId('memory-summary');
	await expect(saved).toHaveCount(1);
	await expect(saved.locator('[data-memory="wasmHeapPeak"]')).toHaveText(MIB);
	await expect(saved.locator('[data-memory="webgpuBuffers"]')).toHaveText('unavailable: not a WebGPU run');
});

test('a WebGPU run counts the GPU buffers its session holds', async ({ page }) => {
	await page.goto('/');
	expect(await loadLocal(page, { backend: 'webgpu', dtype: 'fp32' })).toBe('ready');
	const { memory } = await generateInPage(page, greedyRequest(4));
	// The weights live in GPU buffers: at least the fp32 model's bytes, which the wasm heap need not hold.
	expect(memory!.webgpuBuffers.bytes).toBeGreaterThan(memory!.model.bytes! * 0.5);
	expect(memory!.model.bytes).toBeGreaterThan(0);
});

test('a warm load from Cache Storage knows the model files’ size, the same as the cold load did', async ({ page }) => {
	const load = pane(page).locator('[data-metric="load"] dd');
	await page.goto('/');
	expect(await loadLocal(page, { backend: 'wasm', dtype: 'q8' })).toBe('ready');
	await expect(load).toHaveText(/\(cold\)$/);
	const cold = (await generateInPage(page, greedyRequest(2))).memory!.model;
	expect(cold.bytes).toBeGreaterThan(0);

	await page.reload();
	expect(await loadLocal(page, { backend: 'wasm', dtype: 'q8' })).toBe('ready');
	await expect(load).toHaveText(/\(warm\)$/);
	const warm = (await generateInPage(page, greedyRequest(2))).memory!.model;
	expect(warm).toEqual(cold);
});
