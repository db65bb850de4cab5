// A full small benchmark through the UI: the real local engine (wasm) against the reference server,
// saved to history, shown with statistics, break-even, charts and the device report; the export holds
// no API key even though the endpoint had one; cancel stops the benchmark and keeps what ran.
import { readFile } from 'node:fs/promises';
import { importJson } from '../../src/lib/bench/export';
import { at } from '../../src/lib/bench/testing/must';
import {
	defaultSlots,
	loadLocal,
	openResults,
	readStoredRecords,
	runBenchmarkInUi,
	seedSettings,
	type LocalSetup
} from '../../src/cli/bench-driver';
import { CLOUD_ORIGIN, expect, test } from './fixtures';

const SECRET = 'sk-e2e-bench-key-0123456789abcdef';
const local: LocalSetup = { source: { kind: 'default' }, backend: 'wasm', dtype: 'q8', threads: 1 };
const cloud = {
	baseUrl: `${CLOUD_ORIGIN}/v1`,
	model: 'stories260k',
	apiKey: SECRET,
	inputUsdPerMTokens: 0.15,
	outputUsdPerMTokens: 0.6
};

test('a small benchmark runs through the UI, is saved with everything, and exports without the key', async ({
	page
}) => {
	test.setTimeout(600_000);
	await seedSettings(page, '/', defaultSlots(local, cloud), { suiteId: 'quick', repetitions: 2 });
	await loadLocal(page, 300_000);
	await openResults(page);
	const record = await runBenchmarkInUi(page, 400_000, ['local', 'cloud']);
	await expect(page.getByTestId('benchmark-status')).toHaveText(/finished/);

	expect(record.status).toBe('complete');
	expect(record.engines.map((e) => e.info.kind)).toEqual(['local', 'cloud']);
	expect(record.warmups.map((w) => w.engineId)).toEqual(['local', 'cloud']);
	// Two repetitions of two cases: the engines take turns, the order rotating in the second repetition.
	expect(record.runs.map((r) => r.engineId)).toEqual([
		...['local', 'cloud', 'local', 'cloud'],
		...['cloud', 'local', 'cloud', 'local']
	]);
	for (const run of record.runs) {
		expect(run.result.finishReason, run.result.error?.message).not.toBe('error');
		expect(run.result.outputTokens).toBe(run.request.maxNewTokens);
		expect(run.metrics!.ttftMs).toBeGreaterThan(0);
	}
	expect(record.device).toMatchObject({
		runtime: 'browser',
		backend: 'wasm',
		threads: 1,
		crossOriginIsolated: true,
		online: true
	});
	expect(record.cost.find((c) => c.engineId === 'cloud')!.perRunUsd).toBeGreaterThan(0);

	// The page shows it: history entry, summary rows, break-even, charts, device report.
	await expect(page.getByTestId('history-item').first()).toContainText('Benchmark');
	await expect(page.getByRole('table').locator('tbody tr')).toHaveCount(4);
	// Each case states its break-even, or why it has none (a side whose tokens all came in one read).
	await expect(page.getByTestId(/^break-even(-missing)?$/)).toHaveCount(2);
	await expect(page.getByTestId(/^break-even(-missing)?$/).first()).toContainText(
		/local (finishes|never|and)|no break-even/
	);
	// Charts of the first case: two distributions and the token timeline, plus break-even when it has one;
	// and the scale view's cumulative cost.
	const firstCase = at(record.parameters.cases, 0).id;
	await expect(page.locator('figure.chart canvas')).toHaveCount(
		(record.breakEven.some((b) => b.caseId === firstCase) ? 4 : 3) + 1
	);
	await expect(page.getByRole('figure', { name: /^Cumulative cost against days/ })).toHaveCount(1);
	await expect(page.getByRole('region', { name: 'Device report' })).toContainText('Cross-origin isolated');

	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Export JSON' }).click()
	]);
	const exported = await readFile((await download.path())!, 'utf8');
	expect(exported).not.toContain(SECRET);
	expect(importJson(exported).find((r) => r.id === record.id)).toStrictEqual(record);

	await page.reload();
	expect((await readStoredRecords(page)).some((r) => r.id === record.id)).toBe(true);
	await expect(page.getByTestId('history-item').first()).toContainText('Benchmark');
});

test('cancel stops a benchmark part-way and keeps the runs so far', async ({ page }) => {
	test.setTimeout(600_000);
	await seedSettings(page, '/', defaultSlots(local, cloud), { suiteId: 'quick', repetitions: 50 });
	await loadLocal(page, 300_000);
	await openResults(page);
	await page.getByTestId('benchmark-run').click();
	// Spaced as a sentence: "Run 6 of 200 (cloud, short-8) · elapsed …", never "200(cloud".
	await expect(page.getByTestId('benchmark-progress')).toHaveText(
		/^Run [3-9] of 200 \((local|cloud), short-\d+\) · elapsed \d+\.\d s · about (\d+\.\d s|…) left$/,
		{ timeout: 120_000 }
	);
	await page.getByTestId('benchmark-cancel').click();
	await expect(page.getByTestId('benchmark-status')).toHaveText(/cancelled/);
	const record = at(
		(await readStoredRecords(page)).filter((r) => r.kind === 'benchmark'),
		0
	);
	expect(record.status).toBe('cancelled');
	expect(record.runs.length).toBeGreaterThanOrEqual(2);
	expect(record.runs.length).toBeLessThan(200);
	// only the last run can have been cut short; the ones before it ran to their end
	expect(record.runs.slice(0, -1).filter((r) => r.result.finishReason === 'cancelled')).toEqual([]);
	expect(['cancelled', 'length']).toContain(record.runs.at(-1)!.result.finishReason);
});
