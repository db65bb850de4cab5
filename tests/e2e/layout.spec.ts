// Every page at a phone and a desktop size, light and dark, empty and with results: nothing wider than
// the screen, no control drawn over another, a phone header under 85 px (two short rows). And after a
// Compare run, the verdict's numbers are the panes' numbers.
import type { Page } from '@playwright/test';
import { defaultSlots, loadLocal, seedSettings, type LocalSetup } from '../../src/cli/bench-driver';
import { sampleExportFile } from '../../src/lib/bench/testing/sample-records';
import { CLOUD_ORIGIN, expect, test } from './fixtures';

const SIZES = [
	{ width: 390, height: 844 },
	{ width: 1280, height: 800 }
];
const SCHEMES = ['light', 'dark'] as const;
const PAGES = ['/', '/models', '/results', '/devices', '/settings', '/about'];

/** What is wrong with the page's layout as drawn now; empty when nothing is. */
function layoutProblems(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const problems: string[] = [];
		const { scrollWidth } = document.documentElement;
		if (scrollWidth > innerWidth) problems.push(`page is ${scrollWidth} px wide in a ${innerWidth} px viewport`);
		const name = (el: Element) =>
			`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}[${(el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}]`;
		// Controls a person sees (a visually hidden file input is 1 px and does not count; the content of a
		// closed <details> keeps its layout boxes but is not drawn, which checkVisibility() knows). Checked
		// as the page is, then with every <details> open, so folded controls are held to the same rule.
		const overlaps = (when: string) => {
			const controls = [...document.querySelectorAll('input, select, textarea, button')]
				.map((el) => ({ el, r: el.getBoundingClientRect() }))
				.filter(({ el, r }) => r.width > 2 && r.height > 2 && el.checkVisibility({ visibilityProperty: true }));
			for (const [i, { el: first, r: a }] of controls.entries())
				for (const { el: second, r: b } of controls.slice(i + 1)) {
					const overlapX = Math.min(a.right, b.right) - Math.max(a.left, b.left);
					const overlapY = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
					if (overlapX > 1 && overlapY > 1) problems.push(`${name(first)} overlaps ${name(second)}${when}`);
				}
		};
		overlaps('');
		const closed = [...document.querySelectorAll('details:not([open])')] as HTMLDetailsElement[];
		if (closed.length > 0) {
			for (const d of closed) d.open = true;
			overlaps(' (details open)');
			const wide = document.documentElement.scrollWidth;
			if (wide > innerWidth) problems.push(`page is ${wide} px wide in a ${innerWidth} px viewport (details open)`);
			for (const d of closed) d.open = false;
		}
		return problems;
	});
}

async function settle(page: Page, path: string): Promise<void> {
	await page.goto(path);
	await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
	await expect(page.locator('main h1')).toBeAttached();
}

for (const size of SIZES)
	for (const scheme of SCHEMES)
		test(`${size.width}x${size.height} ${scheme}: every page fits, empty and with results`, async ({ page }) => {
			await page.setViewportSize(size);
			await page.emulateMedia({ colorScheme: scheme });
			for (const path of PAGES) {
				await settle(page, path);
				expect(await layoutProblems(page), `${path}, no results`).toEqual([]);
			}
			if (size.width < 600) {
				const header = await page.locator('header').first().boundingBox();
				expect(header!.height, 'phone header height').toBeLessThan(85);
			}

			await settle(page, '/results');
			await page
				.getByLabel('Import JSON')
				.setInputFiles({ name: 'sample.json', mimeType: 'application/json', buffer: await sampleExportFile() });
			await expect(page.getByTestId('history-item')).toHaveCount(1);
			await expect(page.getByTestId('verdict')).toBeVisible();
			// Charts draw after layout: measure once they are there (four of the result, one of its scale view).
			await expect(page.locator('figure.chart canvas')).toHaveCount(5);
			expect(await layoutProblems(page), '/results with a benchmark').toEqual([]);
			for (const path of PAGES.filter((p) => p !== '/results')) {
				await settle(page, path);
				expect(await layoutProblems(page), `${path}, with results saved`).toEqual([]);
			}
		});

test('Results shows p90 only where the repetitions support it, and says how many it takes', async ({ page }) => {
	await settle(page, '/results');
	await page
		.getByLabel('Import JSON')
		.setInputFiles({ name: 'sample.json', mimeType: 'application/json', buffer: await sampleExportFile() });
	const ttft = page.getByRole('table').locator('tbody tr').first().locator('td[data-metric="ttftMs"]');
	// The sample has 12 runs per engine and case: enough for p90, not for p99.
	await expect(ttft).toContainText(/CV \d+\.\d%( noisy)? · p90 \d+\.\d/);
	await expect(ttft).not.toContainText('p99');
	await expect(page.getByText('p90 from 10 runs')).toHaveText(
		/p90 from 10 runs, p99 from 100 \(this result has 12: p90 only\)\.$/
	);
	// "68.4% noisy", never "68.4%noisy".
	await expect(page.locator('td[data-metric] .spread').filter({ hasText: 'noisy' }).first()).toHaveText(
		/^CV \d+\.\d% noisy · p90 /
	);
	await expect(page.getByTestId('verdict-line').first()).toHaveText(
		/^This device answered first: 40\.0 ms vs 180 ms to the first token \(4\.5x sooner\)\.$/
	);
	await expect(page.getByTestId('verdict-caveat').first()).toContainText('Noisy');
});

const pane = (page: Page, engine: 'local' | 'cloud') => page.locator(`section.pane[data-engine="${engine}"]`);
const paneFigure = async (page: Page, engine: 'local' | 'cloud', id: string) =>
	(await pane(page, engine).locator(`[data-metric="${id}"] dd`).textContent())!.trim();
const verdictLine = (page: Page, metric: string) =>
	page.getByTestId('verdict-line').and(page.locator(`[data-metric="${metric}"]`));

test('after a Compare run, the verdict states the panes’ own figures, and the phone layout still fits', async ({
	page
}) => {
	test.setTimeout(300_000);
	await page.setViewportSize({ width: 390, height: 844 });
	const local: LocalSetup = { source: { kind: 'default' }, backend: 'wasm', dtype: 'q8', threads: 1 };
	await seedSettings(page, '/', defaultSlots(local, { baseUrl: `${CLOUD_ORIGIN}/v1`, model: 'stories260k' }), {
		suiteId: 'quick',
		repetitions: 2
	});
	await loadLocal(page, 150_000);
	await expect(page.getByTestId('verdict')).toHaveCount(0);

	const form = page.getByRole('form', { name: 'Prompt' });
	await form.getByRole('spinbutton', { name: 'Max new tokens' }).fill('24');
	await form.getByRole('spinbutton', { name: 'Max new tokens' }).blur();
	await page.getByRole('textbox', { name: 'Prompt' }).fill('Is the edge faster than the cloud?');
	await page.getByRole('button', { name: /^Run/ }).click();
	for (const engine of ['local', 'cloud'] as const)
		await expect(pane(page, engine).getByRole('status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
	await expect(page.getByTestId('verdict')).toBeVisible();

	const ttft = await verdictLine(page, 'ttft').textContent();
	const e2e = await verdictLine(page, 'e2e').textContent();
	for (const engine of ['local', 'cloud'] as const) {
		expect(ttft).toContain(await paneFigure(page, engine, 'ttft'));
		expect(e2e).toContain(await paneFigure(page, engine, 'e2e'));
	}
	const decode = (await verdictLine(page, 'decode').textContent())!;
	const decodes = [await paneFigure(page, 'local', 'decode'), await paneFigure(page, 'cloud', 'decode')];
	// A loopback server can deliver the whole answer in one read: then the pane has no decode speed, and
	// the verdict must say so rather than invent a ratio.
	if (decodes.includes('—')) expect(decode).toMatch(/^Decode speed: no figure for (this device|the cloud)/);
	// A figure the server's own timings contradict is marked in the pane; the verdict quotes the same number
	// and lists the run's notice among its caveats.
	else for (const figure of decodes) expect(decode).toContain(figure.replace(/ \(see notice\)$/, ''));
	await expect(page.getByTestId('verdict-caveat').first()).toHaveText(/^One run on each side/);
	// The cloud side ran: its status line says so instead of "not checked yet".
	await expect(page.getByTestId('cloud-status')).toHaveText('Reachable · the last run answered');
	expect(await layoutProblems(page), 'Compare after a run').toEqual([]);
});
