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
