// Bad input: each shows a clear message in the LocalPanel, and the app stays usable (the default model
// loads right after).
import { test, expect, HUB_ORIGIN } from './fixtures';
import { loadLocal } from './fixtures/local';
import { HTML_MODEL, NO_TOKENIZER, TINY } from './fixtures/hub-server';

async function expectErrorThenRecover(page: import('@playwright/test').Page, name: string, message: RegExp) {
	await expect(page.getByTestId('local-error')).toHaveAttribute('data-error-name', name);
	await expect(page.getByTestId('local-error')).toContainText(message);
	expect(await loadLocal(page, { model: 'default:edgewise-tiny', backend: 'wasm', dtype: 'q8', threads: 1 })).toBe(
		'ready'
	);
	await expect(page.getByTestId('local-error')).toHaveCount(0);
}

test('a Hub id that 404s', async ({ page }) => {
	await page.goto('/');
	expect(await loadLocal(page, { custom: `${HUB_ORIGIN}/no-such-model`, backend: 'wasm', dtype: 'q4' })).toBe('error');
	await expectErrorThenRecover(page, 'ModelNotFoundError', /not found \(HTTP 404\)\. Check the model id/);
});

test('a URL that returns HTML', async ({ page }) => {
	await page.goto('/');
	expect(await loadLocal(page, { custom: `${HUB_ORIGIN}/${HTML_MODEL}`, backend: 'wasm', dtype: 'q4' })).toBe('error');
	await expectErrorThenRecover(page, 'NotAModelError', /HTML page/);
});

test('a model folder missing its tokenizer', async ({ page }) => {
	await page.goto('/');
	expect(await loadLocal(page, { custom: `${HUB_ORIGIN}/${NO_TOKENIZER}`, backend: 'wasm', dtype: 'q4' })).toBe(
		'error'
	);
	await expectErrorThenRecover(page, 'MissingTokenizerError', /no tokenizer\.json/);
});

test('a model larger than the storage quota allows', async ({ page }) => {
	// Simulates a nearly full disk: the app reads this hook in place of navigator.storage.estimate().
	await page.addInitScript(() => {
		(window as unknown as Record<string, unknown>).__EDGEWISE_STORAGE_ESTIMATE__ = {
			usageBytes: 0,
			quotaBytes: 50_000
		};
	});
	await page.goto('/');
	expect(await loadLocal(page, { custom: `${HUB_ORIGIN}/${TINY}`, backend: 'wasm', dtype: 'fp32' })).toBe('error');
	await expect(page.getByTestId('local-error')).toHaveAttribute('data-error-name', 'ModelTooLargeError');
	await expect(page.getByTestId('local-error')).toContainText(/only 50 kB of browser storage is free/);
	await page.evaluate(() => delete (window as unknown as Record<string, unknown>).__EDGEWISE_STORAGE_ESTIMATE__);
	expect(await loadLocal(page, { model: 'default:edgewise-tiny', backend: 'wasm', dtype: 'q8', threads: 1 })).toBe(
		'ready'
	);
});

test('WebGPU forced where no adapter exists', async ({ page }) => {
	await page.addInitScript(() => {
		Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true });
	});
	await page.goto('/');
	expect(await loadLocal(page, { backend: 'webgpu', dtype: 'q4' })).toBe('error');
	await expectErrorThenRecover(page, 'WebGpuUnavailableError', /WebGPU is not available in this browser/);
});
