// After one visit the shell works with no network: the service worker serves every page from its
// precache, and the app says it is offline. (Generating offline is checked in the local-engine specs.)
import { expect, test, waitForServiceWorkerControl } from './fixtures';

test('after a first load, the app opens and navigates offline', async ({ page, context }) => {
	await page.goto('/');
	await waitForServiceWorkerControl(page);
	await expect(page.getByRole('status').filter({ hasText: 'Ready offline' })).toBeVisible();

	await context.setOffline(true);
	await page.reload();
	await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
	await expect(page.getByRole('form', { name: 'Prompt' })).toBeVisible();
	await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible();
	// Still cross-origin isolated: the cached response kept its COOP/COEP headers, so wasm threads work.
	expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

	// Client-side navigation, and a full load of another prerendered page, both from the cache.
	await page.getByRole('link', { name: 'About', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'About Edgewise' })).toBeVisible();
	await page.goto('/settings');
	await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
	// A page that was never prerendered falls back to the app shell instead of the browser's error page.
	await page.goto('/no-such-page');
	await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();

	await context.setOffline(false);
	await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toHaveCount(0);
});
