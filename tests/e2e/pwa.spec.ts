// The app is installable: a linked, valid manifest with real icons, and a service worker whose precache
// list is exactly the shell that the build produced (plus ONNX Runtime's wasm, when the build has it).
import { expectedPrecacheUrls, pngSize, precacheUrlsFromServiceWorker } from './fixtures/build-output';
import { expect, test, waitForServiceWorkerControl } from './fixtures';

interface ManifestIcon {
	src: string;
	sizes: string;
	type: string;
	purpose?: string;
}

test('the manifest is linked, complete, and its icons are real PNGs of the stated size', async ({ page, request }) => {
	await page.goto('/');
	const href = await page.locator('link[rel="manifest"]').getAttribute('href');
	expect(href).toBeTruthy();
	const response = await request.get(new URL(href!, page.url()).href);
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toContain('application/manifest+json');
	const manifest = await response.json();
	expect(manifest).toMatchObject({
		name: 'Edgewise',
		short_name: 'Edgewise',
		display: 'standalone',
		start_url: '/',
		scope: '/'
	});
	expect(manifest.description.length).toBeGreaterThan(10);
	expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
	expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);

	const icons = manifest.icons as ManifestIcon[];
	const wanted = [
		{ sizes: '192x192', purpose: 'any' },
		{ sizes: '512x512', purpose: 'any' },
		{ sizes: '512x512', purpose: 'maskable' }
	];
	for (const want of wanted) {
		const icon = icons.find((candidate) => candidate.sizes === want.sizes && (candidate.purpose ?? 'any').split(' ').includes(want.purpose));
		expect(icon, `${want.purpose} icon ${want.sizes}`).toBeDefined();
		const image = await request.get(new URL(icon!.src, page.url()).href);
		expect(image.status()).toBe(200);
		expect(image.headers()['content-type']).toBe('image/png');
		const [width, height] = want.sizes.split('x').map(Number);
		expect(pngSize(await image.body())).toEqual({ width, height });
	}
});

test('the precache list matches the build output, and every entry is served', async ({ request }) => {
	const precached = precacheUrlsFromServiceWorker();
	expect(precached).toEqual(expectedPrecacheUrls());
	// The shell's pages and the entry JS must be in it (a guard against a glob that matches nothing).
	expect(precached).toEqual(expect.arrayContaining(['/', 'manifest.webmanifest']));
	expect(precached.some((url) => url.startsWith('_app/immutable/entry/'))).toBe(true);
	// ONNX Runtime's loader and wasm, which the app serves itself: without them nothing runs offline.
	expect(precached.filter((url) => /\/ort-wasm-[\w.-]+\.wasm$/.test(url)).length).toBeGreaterThan(0);
	expect(precached.filter((url) => /\/ort-wasm-[\w.-]+\.mjs$/.test(url)).length).toBeGreaterThan(0);
	for (const url of precached) {
		const response = await request.head(`/${url.replace(/^\//, '')}`);
		expect(response.status(), url).toBe(200);
	}
});

test('the service worker installs, activates and controls the page', async ({ page }) => {
	await page.goto('/');
	await waitForServiceWorkerControl(page);
	const cached = await page.evaluate(async () => {
		const names = await caches.keys();
		const precache = names.find((name) => name.includes('precache'));
		return precache ? (await (await caches.open(precache)).keys()).length : 0;
	});
	expect(cached).toBe(precacheUrlsFromServiceWorker().length);
});
