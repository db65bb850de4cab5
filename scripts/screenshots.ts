// `npm run screenshots [-- --out docs/screenshots] [--port 4175]`
// Photographs every page of the built app at a phone (390x844) and a desktop (1280x800) size, light
// and dark, into docs/screenshots/<page>-<width>-<scheme>.png. Compare is shown after a real run (the
// built-in model in WebAssembly against the reference server on the same model folder, both started
// here); Results with sample results imported (src/lib/bench/testing/sample-records.ts: fixed figures,
// not a measurement). Needs Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from '@playwright/test';
import { loadLocalSlots, seedSettings, type SlotSetup } from '../src/cli/bench-driver';
import { DEFAULT_MODEL_DIR, DEFAULT_MODEL_ID, prepare } from '../src/cli/prepare';
import { sampleExportFile } from '../src/lib/bench/testing/sample-records';
import { startReferenceServer } from '../src/server/index';
import { startStaticServer } from '../src/server/static-server';
import { QUIET_CHROMIUM_ARGS } from './chromium-flags';

const USAGE =
	'Usage: npm run screenshots [-- --out docs/screenshots] [--port 4175]  (the reference server takes the next port)';

const { values } = (() => {
	try {
		return parseArgs({
			options: {
				out: { type: 'string', default: 'docs/screenshots' },
				port: { type: 'string', default: '4175' },
				help: { type: 'boolean', default: false }
			}
		});
	} catch (error) {
		console.error(`${error instanceof Error ? error.message : error}\n${USAGE}`);
		process.exit(2);
	}
})();
if (values.help) {
	console.log(USAGE);
	process.exit(0);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port <= 0 || port >= 65535) {
	console.error(`--port must be a whole number from 1 to 65534, not "${values.port}"\n${USAGE}`);
	process.exit(2);
}

const SIZES = [
	{ width: 390, height: 844 },
	{ width: 1280, height: 800 }
];
const SCHEMES = ['light', 'dark'] as const;
const PAGES = [
	{ name: 'compare', path: '/' },
	{ name: 'models', path: '/models' },
	{ name: 'results', path: '/results' },
	{ name: 'settings', path: '/settings' },
	{ name: 'devices', path: '/devices' },
	{ name: 'about', path: '/about' }
];

async function compareAfterRun(page: Page, appUrl: string, cloudUrl: string): Promise<void> {
	// Three slots: the built-in model on each local runtime, and the reference server.
	const slots: SlotSetup[] = [
		{ id: 'local', local: { source: { kind: 'default' }, backend: 'wasm', dtype: 'fp32', threads: null } },
		{
			id: 'local-2',
			local: { source: { kind: 'default' }, runtime: 'llama.cpp', backend: 'wasm', dtype: 'fp32', threads: null }
		},
		{ id: 'cloud', cloud: { baseUrl: `${cloudUrl}/v1`, model: DEFAULT_MODEL_ID, name: 'Edgewise reference server' } }
	];
	await seedSettings(page, appUrl, slots, { suiteId: 'quick', repetitions: 5 });
	await loadLocalSlots(page, slots, 180_000);
	// The built-in model (stories260k) has no chat template: the form is in plain completion, and the story
	// it continues is the one a first visit sees.
	await page.getByRole('textbox', { name: 'Prompt' }).fill('Once upon a time');
	await page.getByRole('button', { name: /^Run/ }).click();
	await page.getByTestId('verdict').waitFor({ timeout: 180_000 });
}

async function shoot(browser: Browser, appUrl: string, cloudUrl: string, out: string): Promise<string[]> {
	const written: string[] = [];
	const sample = await sampleExportFile();
	for (const size of SIZES)
		for (const scheme of SCHEMES) {
			const context = await browser.newContext({ viewport: size, colorScheme: scheme });
			const page = await context.newPage();
			for (const { name, path } of PAGES) {
				if (name === 'compare') await compareAfterRun(page, appUrl, cloudUrl);
				else await page.goto(new URL(path, appUrl).href);
				if (name === 'results') {
					await page
						.getByLabel('Import JSON')
						.setInputFiles({ name: 'sample.json', mimeType: 'application/json', buffer: sample });
					// Show the sample benchmark (medians, spread, charts), not the Compare run saved just before.
					await page.getByTestId('history-item').filter({ hasText: 'Benchmark' }).locator('button.pick').click();
					await page
						.getByRole('article', { name: /^Result Benchmark/ })
						.getByTestId('verdict')
						.waitFor();
				}
				await page.getByRole('navigation', { name: 'Main' }).waitFor();
				// Fonts, charts and the service worker's first paint settle; nothing animates (animation: false).
				await page.waitForTimeout(500);
				const file = join(out, `${name}-${size.width}-${scheme}.png`);
				await page.screenshot({ path: file, fullPage: true });
				written.push(file);
			}
			await context.close();
		}
	return written;
}

await prepare();
await mkdir(values.out, { recursive: true });
const app = await startStaticServer({ port });
const cloud = await startReferenceServer({ modelDir: DEFAULT_MODEL_DIR, port: port + 1, corsOrigins: [app.url] });
const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: QUIET_CHROMIUM_ARGS
});
try {
	const files = await shoot(browser, app.url, cloud.url, values.out);
	console.log(`Wrote ${files.length} screenshots to ${values.out}/`);
} finally {
	await browser.close();
	await cloud.close();
	await app.close();
}
