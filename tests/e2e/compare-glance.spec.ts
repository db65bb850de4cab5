// Compare with several engines at a glance (issue 20): after a run, the comparison table near the top shows
// every slot's figures, sortable from the keyboard; with five slots at 1280x800 the table and the verdict fit
// the first screen; on a phone two slots' table reads without scrolling sideways and every nav item is in view.
import type { Page } from '@playwright/test';
import { seedSettings, type SlotSetup } from '../../src/cli/bench-driver';
import { CLOUD_ORIGIN, expect, test } from './fixtures';

const cloud: SlotSetup = {
	id: 'cloud',
	cloud: { baseUrl: `${CLOUD_ORIGIN}/v1`, model: 'stories260k', name: 'Reference' }
};
const base = { source: { kind: 'default' }, backend: 'wasm', threads: 1 } as const;
const TWO: SlotSetup[] = [{ id: 'local', local: { ...base, dtype: 'q8' } }, cloud];
const FIVE: SlotSetup[] = [
	{ id: 'local', local: { ...base, dtype: 'q8' } },
	{ id: 'local-2', local: { ...base, dtype: 'fp32' } },
	{ id: 'local-3', local: { ...base, dtype: 'q4' } },
	{ id: 'local-4', local: { ...base, runtime: 'llama.cpp', dtype: 'q8' } },
	cloud
];
const MISSING = '—';

/** Seeds the slots, runs one short plain completion (Run loads each local slot first) and waits for the verdict. */
async function runWith(page: Page, slots: SlotSetup[]): Promise<void> {
	await seedSettings(page, '/', slots, { suiteId: 'quick', repetitions: 2 });
	await page.getByRole('radio', { name: 'Plain completion' }).check();
	const tokens = page.getByRole('spinbutton', { name: 'Max new tokens' });
	await tokens.fill('16');
	await tokens.blur();
	await page.getByRole('textbox', { name: 'Prompt' }).fill('Once upon a time');
	await page.getByRole('button', { name: /^Run/ }).click();
	await expect(page.getByTestId('verdict')).toBeVisible({ timeout: 240_000 });
}

/** Every slot has a row, done, with all its figures: first token, end to end, cost and decode. */
async function expectEveryFigure(page: Page, slots: SlotSetup[]): Promise<void> {
	const rows = page.getByTestId('compare-row');
	await expect(rows).toHaveCount(slots.length);
	for (const slot of slots) {
		const row = rows.and(page.locator(`[data-slot="${slot.id}"]`));
		await expect(row).toBeVisible();
		await expect(row).toHaveAttribute('data-status', 'done');
		const cell = (col: string) => row.locator(`[data-col="${col}"]`);
		for (const col of ['ttftMs', 'e2eMs']) await expect(cell(col)).toHaveText(/^\d+(\.\d)? (ms|s)$/);
		await expect(cell('costUsd')).toHaveText('$0');
		// A loopback stream can arrive in one read, leaving the client no decode time: the server's own figure
		// then stands in, labelled as the server's.
		await expect(cell('decodeTokensPerS')).toHaveText(/^\d+(\.\d)? tok\/s( \(server's figure\))?$/);
		await expect(cell('decodeVsBaseline')).not.toHaveText('');
	}
	expect(await page.evaluate(() => document.documentElement.scrollWidth), 'no sideways scrolling').toBeLessThanOrEqual(
		page.viewportSize()!.width
	);
}

for (const scheme of ['light', 'dark'] as const) {
	test(`five slots at 1280x800 ${scheme}: every figure in the table, table and verdict in the first screen`, async ({
		page
	}) => {
		test.setTimeout(300_000);
		await page.setViewportSize({ width: 1280, height: 800 });
		await page.emulateMedia({ colorScheme: scheme });
		await runWith(page, FIVE);
		await expectEveryFigure(page, FIVE);
		await expect(page.getByTestId('verdict-sentence')).toHaveCount(4);
		// One name per slot: the card's title is the table's name and the verdict's, case and precision kept.
		for (const slot of FIVE) {
			const title = (await page.getByTestId(`slot-${slot.id}`).getByTestId('slot-title').textContent())!.trim();
			const row = page.getByTestId('compare-row').and(page.locator(`[data-slot="${slot.id}"]`));
			await expect(row.locator('.name')).toHaveText(title);
			if (slot.id !== 'local')
				await expect(page.locator(`[data-testid="verdict-sentence"][data-other="${slot.id}"]`)).toHaveText(
					new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `)
				);
		}
		await expect(page.getByTestId('slot-title').nth(2)).toHaveText('stories260k · wasm q4 · 1 thread');
		await page.evaluate(() => window.scrollTo(0, 0));
		for (const id of ['compare-table', 'verdict']) {
			const box = (await page.getByTestId(id).boundingBox())!;
			expect(box.y + box.height, `${id} ends within the first 800 px`).toBeLessThanOrEqual(800);
		}
		// Every slot form folded to its summary once its engine was set up.
		await expect(page.locator('[data-testid^="slot-"][data-form="open"]')).toHaveCount(0);

		// Sorting from the keyboard: the Decode header is a button; aria-sort says the order the rows are in.
		const decode = page.locator('thead th[data-col="decodeTokensPerS"]');
		await decode.getByRole('button').focus();
		await page.keyboard.press('Enter');
		await expect(decode).toHaveAttribute('aria-sort', 'descending');
		const speeds = async () =>
			(await page.getByTestId('compare-row').locator('[data-col="decodeTokensPerS"]').allTextContents())
				.filter((t) => t !== MISSING)
				.map((t) => Number.parseFloat(t));
		const descending = await speeds();
		expect(descending).toEqual([...descending].sort((a, b) => b - a));
		await page.keyboard.press('Enter');
		await expect(decode).toHaveAttribute('aria-sort', 'ascending');
		const ascending = await speeds();
		expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
		await expect(page.locator('thead th[data-col="ttftMs"]')).not.toHaveAttribute('aria-sort', /./);
	});

	test(`two slots at 390x844 ${scheme}: the table reads without sideways scrolling, every nav item in view`, async ({
		page
	}) => {
		test.setTimeout(240_000);
		await page.setViewportSize({ width: 390, height: 844 });
		await page.emulateMedia({ colorScheme: scheme });
		await runWith(page, TWO);
		await expectEveryFigure(page, TWO);
		await page.evaluate(() => window.scrollTo(0, 0));
		const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
		await expect(links).toHaveCount(6);
		for (const link of await links.all()) {
			await expect(link).toBeInViewport({ ratio: 1 });
			const box = (await link.boundingBox())!;
			expect(box.x).toBeGreaterThanOrEqual(0);
			expect(box.x + box.width).toBeLessThanOrEqual(390);
		}
		// Each row's figures sit inside the screen, none under another.
		const cells = await page
			.getByTestId('compare-row')
			.locator('td:visible')
			.evaluateAll((tds) =>
				tds.map((td) => {
					const r = td.getBoundingClientRect();
					return { left: r.left, right: r.right, top: r.top, scroll: td.scrollWidth - td.clientWidth };
				})
			);
		for (const c of cells) {
			expect(c.right).toBeLessThanOrEqual(390);
			expect(c.scroll, 'a figure wider than its cell').toBeLessThanOrEqual(0);
		}
	});
}
