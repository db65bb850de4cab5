// `npx tsx scripts/page-heights.ts [--root build] [--port 4185] [--shots DIR]`
// How tall the Compare page is after a run, with two slots (this device and the reference server) and with
// five (four local configurations of the built-in model and the reference server), at 1280x800 and 390x844:
// document.scrollingElement.scrollHeight, in CSS pixels. Serves --root as it is (build it first: `npx vite
// build`), so an older build can be measured against a newer one. --shots: also photographs each page, light
// and dark, as DIR/compare-<n>-slots-<width>-<scheme>.png. Needs Chromium (CHROMIUM_PATH).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { loadLocalSlots, seedSettings, type SlotSetup } from '../src/cli/bench-driver';
import { DEFAULT_MODEL_DIR, DEFAULT_MODEL_ID, ensureDefaultModel } from '../src/cli/prepare';
import { startReferenceServer } from '../src/server/index';
import { startStaticServer } from '../src/server/static-server';
import { QUIET_CHROMIUM_ARGS } from './chromium-flags';

const { values } = parseArgs({
	options: {
		root: { type: 'string', default: 'build' },
		port: { type: 'string', default: '4185' },
		shots: { type: 'string' }
	}
});
const port = Number(values.port);

export function compareSlots(cloudUrl: string, count: 2 | 5): SlotSetup[] {
	const cloud: SlotSetup = {
		id: 'cloud',
		cloud: { baseUrl: `${cloudUrl}/v1`, model: DEFAULT_MODEL_ID, name: 'Edgewise reference server' }
	};
	const base = { source: { kind: 'default' }, backend: 'wasm', threads: 1 } as const;
	if (count === 2) return [{ id: 'local', local: { ...base, dtype: 'q8' } }, cloud];
	return [
		{ id: 'local', local: { ...base, dtype: 'q8' } },
		{ id: 'local-2', local: { ...base, dtype: 'fp32' } },
		{ id: 'local-3', local: { ...base, dtype: 'q4' } },
		{ id: 'local-4', local: { ...base, runtime: 'llama.cpp', dtype: 'q8' } },
		cloud
	];
}

async function heightAfterRun(page: Page, appUrl: string, slots: SlotSetup[]): Promise<number> {
	await seedSettings(page, appUrl, slots, { suiteId: 'quick', repetitions: 2 });
	await loadLocalSlots(page, slots, 180_000);
	await page.getByRole('radio', { name: 'Plain completion' }).check();
	const tokens = page.getByRole('spinbutton', { name: 'Max new tokens' });
	await tokens.fill('24');
	await tokens.blur();
	await page.getByRole('textbox', { name: 'Prompt' }).fill('Once upon a time');
	await page.getByRole('button', { name: /^Run/ }).click();
	await page.getByTestId('verdict').waitFor({ timeout: 180_000 });
	await page.waitForTimeout(300);
	return page.evaluate(() => document.scrollingElement!.scrollHeight);
}

await ensureDefaultModel();
const app = await startStaticServer({ root: values.root, port });
const cloud = await startReferenceServer({ modelDir: DEFAULT_MODEL_DIR, port: port + 1, corsOrigins: [app.url] });
const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: QUIET_CHROMIUM_ARGS
});
try {
	for (const count of [2, 5] as const)
		for (const width of [1280, 390]) {
			const context = await browser.newContext({ viewport: { width, height: width === 390 ? 844 : 800 } });
			const page = await context.newPage();
			const height = await heightAfterRun(page, app.url, compareSlots(cloud.url, count));
			console.log(`${count} slots at ${width} px: ${height} px`);
			if (values.shots) {
				await mkdir(values.shots, { recursive: true });
				for (const scheme of ['light', 'dark'] as const) {
					await page.emulateMedia({ colorScheme: scheme });
					await page.waitForTimeout(200);
					const file = join(values.shots, `compare-${count}-slots-${width}-${scheme}.png`);
					await page.screenshot({ path: file, fullPage: true });
					console.log(`  ${file}`);
				}
			}
			await context.close();
		}
} finally {
	await browser.close();
	await cloud.close();
	await app.close();
}
