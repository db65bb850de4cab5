// The Models page lists what the browser cached (with sizes), the storage estimate and quota, and
// deletes a model from the cache.
import { test, expect } from './fixtures';
import { loadLocal } from './fixtures/local';

test('a loaded model appears in the cache with its size, and can be deleted', async ({ page }) => {
	await page.goto('/');
	expect(await loadLocal(page, { backend: 'wasm', dtype: 'q8', threads: 1 })).toBe('ready');

	await page.goto('/models');
	await expect(page.getByTestId('storage-quota')).not.toHaveText('0 B');
	const row = page.locator('tr[data-model-id="edgewise-tiny"]');
	await expect(row).toBeVisible();
	// config, generation config, tokenizer files and the q8 graph: hundreds of kB, not zero.
	await expect(row.getByTestId('cached-size')).toHaveText(/\d+ kB|\d+(\.\d)? MB/);

	await row.getByRole('button', { name: 'Delete edgewise-tiny' }).click();
	await expect(page.getByTestId('library-message')).toContainText('Deleted edgewise-tiny');
	await expect(row).toHaveCount(0);
	const left = await page.evaluate(async () => {
		const cache = await caches.open('transformers-cache');
		return (await cache.keys()).filter((r) => r.url.includes('/models/edgewise-tiny/')).length;
	});
	expect(left).toBe(0);
});

test('generating a twin shows which layer is being written, not an empty byte count, at q8 by default', async ({
	page
}) => {
	await page.goto('/models');
	// Not measured yet: q8, which WebAssembly runs fast (q4 is many times slower there).
	await expect(page.getByTestId('twin-dtype')).toHaveValue('q8');
	await expect(page.getByTestId('twin-dtype-hint')).toContainText('q8 by default');
	await page.getByTestId('twin-shape').selectOption('smollm2-135m');
	await page.getByTestId('twin-generate').click();
	await expect(page.getByTestId('load-stage')).toContainText(
		/Generating the smollm2-135m twin \(random weights\): layer \d+ of 30/,
		{ timeout: 60_000 }
	);
	await expect(page.getByTestId('load-progress')).not.toContainText('Total 0 B');
});

test('a catalog precision button puts the backend on Auto (a q4 button no longer keeps WebAssembly)', async ({
	page
}) => {
	await page.goto('/');
	await page.getByTestId('local-backend').selectOption('wasm');
	await page.goto('/models');
	const entry = page.locator('.catalog li').filter({ hasText: 'SmolLM2 135M Instruct' });
	await entry.getByRole('button', { name: /^q4 · downloads/ }).click();
	await expect(page).toHaveURL(/\/$/);
	await expect(page.getByTestId('local-backend')).toHaveValue('auto');
	await expect(page.getByTestId('local-dtype')).toHaveValue('q4');
	// Without a real GPU, Auto says q4 is slow on WebAssembly and suggests q8.
	await expect(page.getByTestId('auto-probe')).toContainText('choose q8 for WebAssembly');
});
