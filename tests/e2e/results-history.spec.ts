// Results history in the real browser: IndexedDB survives reload and offline, export -> import
// round-trips exactly, deletes work, and no API key reaches an export even when one was fed in.
import { readFile } from 'node:fs/promises';
import { DEVICE_TRAITS, REMOTE_TRAITS } from '../../src/lib/bench/testing/engine-traits';
import { exportJson, importJson } from '../../src/lib/bench/export';
import { compareRunRecord } from '../../src/lib/bench/record';
import type { DeviceReport, ResultRecord } from '../../src/lib/bench/schema';
import { promptCase } from '../../src/lib/bench/suite';
import { readStoredRecords } from '../../src/cli/bench-driver';
import { expect, test, waitForServiceWorkerControl } from './fixtures';
import type { Page } from '@playwright/test';
import { browserDeviceReport } from '../../src/lib/bench/testing/device-report';

const SECRET = 'sk-e2e-never-export-0123456789abcdef';
const device: DeviceReport = browserDeviceReport({ collectedAt: '2026-01-01T00:00:00.000Z' });

function record(id: string, day: number): ResultRecord {
	const request = promptCase('short', 4).request;
	const result = (t: number, gaps: number[]) => ({
		text: 'w x y z',
		requestMs: t,
		arrivalsMs: gaps.map((g) => t + g + 0.125),
		inputTokens: 30,
		outputTokens: gaps.length,
		tokensSource: 'tokenizer' as const,
		finishReason: 'length' as const
	});
	const t = Date.UTC(2026, 0, day);
	return compareRunRecord(
		{
			request,
			sides: [
				{
					id: 'local',
					info: {
						kind: 'local',
						...DEVICE_TRAITS,
						label: 'Local q8',
						model: { id: 'edgewise-tiny', dtype: 'q8' },
						backend: 'wasm',
						threads: 2
					},
					result: result(t, [12, 15, 18, 21])
				},
				{
					id: 'cloud',
					info: {
						kind: 'cloud',
						...REMOTE_TRAITS,
						label: 'Reference',
						model: { id: 'edgewise-tiny' },
						endpointBaseUrl: 'http://127.0.0.1:4321/v1'
					},
					result: result(t + 100, [40, 41, 43, 44])
				}
			]
		},
		{ device, appVersion: 'e2e', id, createdAt: new Date(t).toISOString() }
	);
}

/** An export file whose cloud engine config also carries a key, as a careless tool might write it. */
function fileWithKey(records: ResultRecord[]): Buffer {
	const file = JSON.parse(exportJson(records, 'e2e'));
	for (const r of file.records) r.engines[1].info.apiKey = SECRET;
	return Buffer.from(JSON.stringify(file));
}

async function importBuffer(page: Page, buffer: Buffer) {
	await page.getByLabel('Import JSON').setInputFiles({ name: 'results.json', mimeType: 'application/json', buffer });
	await expect(page.getByRole('status').filter({ hasText: /Imported/ })).toBeVisible();
}

async function exportFromUi(page: Page): Promise<string> {
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Export JSON' }).click()
	]);
	return readFile((await download.path())!, 'utf8');
}

test('history: import, export round-trips exactly, keys never exported, survives reload and offline, delete one and all', async ({
	page,
	context
}) => {
	const records = [record('rec-a', 1), record('rec-b', 2)];
	await page.goto('/results');
	await expect(page.getByText('No results yet')).toBeVisible();

	await importBuffer(page, fileWithKey(records));
	const items = page.getByTestId('history-item');
	await expect(items).toHaveCount(2);
	await expect(items.first()).toContainText('Compare: Local q8 vs Reference');
	// the selected result shows its device report and statistics
	await expect(page.getByRole('region', { name: 'Device report' })).toContainText('Chrome 156');

	const exported = await exportFromUi(page);
	expect(exported).not.toContain(SECRET);
	expect(exported).not.toContain('apiKey');
	const byId = (rs: ResultRecord[]) => [...rs].sort((a, b) => a.id.localeCompare(b.id));
	expect(byId(importJson(exported))).toStrictEqual(byId(records));
	expect(byId(await readStoredRecords(page))).toStrictEqual(byId(records));

	// import the export again: same records, replaced, nothing duplicated
	await importBuffer(page, Buffer.from(exported));
	await expect(items).toHaveCount(2);

	await page.reload();
	await expect(items).toHaveCount(2);

	await waitForServiceWorkerControl(page);
	await context.setOffline(true);
	await page.reload();
	await expect(items).toHaveCount(2);
	await expect(page.getByRole('region', { name: 'Device report' })).toBeVisible();

	await items
		.first()
		.getByRole('button', { name: /^Delete/ })
		.click();
	await expect(items).toHaveCount(1);
	page.once('dialog', (d) => void d.accept());
	await page.getByRole('button', { name: 'Delete all' }).click();
	await expect(items).toHaveCount(0);
	await context.setOffline(false);
	await page.reload();
	await expect(page.getByText('No results yet')).toBeVisible();
});

test('import refuses a file that is not an Edgewise export and says why', async ({ page }) => {
	await page.goto('/results');
	await page
		.getByLabel('Import JSON')
		.setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"other"}') });
	await expect(page.getByRole('alert')).toContainText('not an Edgewise results export');
});
