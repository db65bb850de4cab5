// The app is installable: a linked, valid manifest with real icons, and a service worker whose precache
// list is exactly the shell that the build produced (plus ONNX Runtime's wasm, when the build has it).
import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStaticServer } from '../../src/server/static-server';
import { BUILD_DIR, expectedPrecacheUrls, pngSize, precacheUrlsFromServiceWorker } from './fixtures/build-output';
import { E2E_PORTS, expect, test, waitForServiceWorkerControl } from './fixtures';

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
		const icon = icons.find(
			(candidate) => candidate.sizes === want.sizes && (candidate.purpose ?? 'any').split(' ').includes(want.purpose)
		);
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

test('a new service worker waits for the "update available" prompt, and Reload now switches to it', async ({
	page
}) => {
	// A private copy of build/ on the scratch port, so changing its sw.js cannot disturb other specs.
	const root = await mkdtemp(join(tmpdir(), 'edgewise-update-'));
	await cp(BUILD_DIR, root, { recursive: true, filter: (source) => !source.includes(`${BUILD_DIR}/models`) });
	const server = await startStaticServer({ root, port: E2E_PORTS.scratch });
	try {
		await page.goto(server.url);
		await waitForServiceWorkerControl(page);
		const firstScript = await page.evaluate(
			async () => (await navigator.serviceWorker.getRegistration())!.active!.scriptURL
		);
		await expect(page.getByRole('alert').filter({ hasText: 'new version' })).toHaveCount(0);

		// Ship a new version (any byte change to sw.js is one) and let the browser look for it.
		await appendFile(join(root, 'sw.js'), `\n// version ${Date.now()}\n`);
		await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
		const prompt = page.getByRole('alert').filter({ hasText: 'new version' });
		await expect(prompt).toBeVisible();
		// Nothing switched on its own: the old worker still controls the page, the new one waits.
		expect(await page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())!.waiting))).toBe(
			true
		);

		await page.evaluate(() => ((window as unknown as { beforeUpdate: boolean }).beforeUpdate = true));
		await prompt.getByRole('button', { name: 'Reload now' }).click();
		await expect.poll(() => page.evaluate(() => 'beforeUpdate' in window).catch(() => true)).toBe(false);
		await waitForServiceWorkerControl(page);
		const after = await page.evaluate(async () => {
			const registration = (await navigator.serviceWorker.getRegistration())!;
			return { waiting: Boolean(registration.waiting), scriptURL: registration.active!.scriptURL };
		});
		expect(after).toEqual({ waiting: false, scriptURL: firstScript });
		await expect(page.getByRole('alert').filter({ hasText: 'new version' })).toHaveCount(0);
	} finally {
		await server.close();
		await rm(root, { recursive: true, force: true });
	}
});

test('the Install app button appears when the browser offers installation, and opens its prompt', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Install app' })).toHaveCount(0);
	// Headless Chromium never offers installation itself; stand in for it with the event it would fire.
	await page.evaluate(() => {
		const offer = new Event('beforeinstallprompt', { cancelable: true }) as Event & Record<string, unknown>;
		offer.prompt = async () => ((window as unknown as { prompted: boolean }).prompted = true);
		offer.userChoice = Promise.resolve({ outcome: 'accepted' });
		window.dispatchEvent(offer);
	});
	const install = page.getByRole('button', { name: 'Install app' });
	await expect(install).toBeVisible();
	await install.click();
	expect(await page.evaluate(() => (window as unknown as { prompted?: boolean }).prompted)).toBe(true);
	await expect(install).toHaveCount(0);
});
