// Devices side by side and shared links: two result files with different device reports show both
// devices in one table (each with the load its file recorded; names editable, kept on reload); a share
// link opens the same result in a fresh browser context, and no request of that context carries the
// result's data.
import { exportJson } from '../../src/lib/bench/export';
import { sampleBenchmark, SAMPLE_DEVICE } from '../../src/lib/bench/testing/sample-records';
import { expect, test } from './fixtures';

const PHONE = {
	...SAMPLE_DEVICE,
	userAgent: 'Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 Chrome/156.0.0.0 Mobile Safari/537.36',
	browser: 'Chrome 156',
	os: 'Android',
	cores: 8,
	gpuAdapter: null
};

test('two result files from different devices show both devices in one table with their loads; a renamed device keeps its name', async ({
	page
}) => {
	const desk = await sampleBenchmark(3, 'desk-result', { loadByEngine: { local: { loadMs: 412, loadKind: 'warm' } } });
	const phone = await sampleBenchmark(3, 'phone-result', {
		device: PHONE,
		loadByEngine: { local: { loadMs: 2840, loadKind: 'cold' } }
	});
	await page.goto('/devices');
	await expect(page.getByText('No on-device results yet')).toBeVisible();
	await page.getByLabel('Import result files').setInputFiles([
		{ name: 'desk.json', mimeType: 'application/json', buffer: Buffer.from(exportJson([desk], 'e2e')) },
		{ name: 'phone.json', mimeType: 'application/json', buffer: Buffer.from(exportJson([phone], 'e2e')) }
	]);
	const table = page.getByTestId('devices-table');
	await expect(table).toHaveCount(1);
	const names = table.getByRole('textbox', { name: 'Device name' });
	await expect(names).toHaveCount(2);
	// Columns follow the history's order; each is named by its device report.
	const values = async () => (await names.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).sort();
	expect(await values()).toEqual(['Chrome 156, Android, 8 cores', 'Chrome 156, Linux, 2 cores, google swiftshader']);
	await expect(table.getByRole('row', { name: /^Decode/ }).getByRole('cell')).toHaveCount(2);
	await expect(
		table
			.getByRole('row', { name: /^Decode/ })
			.getByRole('cell')
			.first()
	).toHaveText(/tok\/s$/);

	// Each column's load is its own file's: matched through the device column it sits under.
	const columns = await names.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).title));
	const loads = await table.getByRole('row', { name: /^Load/ }).getByRole('cell').allTextContents();
	expect(Object.fromEntries(columns.map((ua, i) => [ua.includes('Android') ? 'phone' : 'desk', loads[i]]))).toEqual({
		desk: '412 ms warm',
		phone: '2840 ms cold'
	});

	await expect(page.getByRole('figure', { name: /^Decode tokens per second per run and device/ })).toHaveCount(1);
	await expect(page.getByRole('figure', { name: /^Time to first token per run and device/ })).toHaveCount(1);
	const phoneName = table.locator('input[title*="Android"]');
	await phoneName.fill('My phone');
	await phoneName.press('Enter');
	await page.reload();
	await expect(names).toHaveCount(2);
	expect(await values()).toEqual(['Chrome 156, Linux, 2 cores, google swiftshader', 'My phone']);
});

test('a share link opens the same result in a fresh context, with no request carrying its data', async ({
	page,
	browser,
	requestLog
}) => {
	const record = await sampleBenchmark(3, 'shared-result');
	await page.goto('/results');
	await page.getByLabel('Import JSON').setInputFiles({
		name: 'results.json',
		mimeType: 'application/json',
		buffer: Buffer.from(exportJson([record], 'e2e'))
	});
	await page.getByRole('button', { name: 'Share as link' }).click();
	const link = await page.getByTestId('share-link').inputValue();
	const payload = new URL(link).hash;
	expect(payload).toMatch(/^#result=z\./);
	expect(new URL(link).pathname).toBe('/results/shared');

	const fresh = await browser.newContext();
	requestLog.record(fresh);
	const seen: string[] = [];
	fresh.on('request', (r) => seen.push(`${r.url()} ${r.postData() ?? ''} ${JSON.stringify(r.headers())}`));
	const other = await fresh.newPage();
	await other.goto(link);
	const detail = other.getByRole('article', { name: `Result ${record.title}` });
	await expect(detail).toBeVisible();
	await expect(detail.getByRole('region', { name: 'Device report' })).toContainText('Chrome 156');
	await expect(detail.getByTestId('history-item')).toHaveCount(0);
	// Nothing of the fragment left the browser: not in a URL, a body or a header (Referer included).
	const piece = payload.slice(10, 60);
	expect(seen.length).toBeGreaterThan(0);
	expect(seen.filter((s) => s.includes(piece))).toEqual([]);

	await other.getByRole('button', { name: "Keep in this device's history" }).click();
	// The save is written to IndexedDB before the page says so; leaving earlier could abandon it.
	await expect(other.getByRole('status').filter({ hasText: 'Saved to Results.' })).toBeVisible();
	await other.goto('/results');
	await expect(other.getByTestId('history-item')).toHaveCount(1);
	await fresh.close();
});
