// Quality beside speed through the UI: the built-in model on this device (wasm) and the same model on the
// reference server answer multiple choice, the agreement suite and a JSONL set imported on the panel (a
// malformed one is refused by line number). The Results view shows the scores, their intervals and quality
// against speed; export and import keep them; the Devices page has quality per device. The built-in model
// (stories260k) is a 260K-parameter story writer that knows no general knowledge, so multiple choice must not
// come out above chance, and the same model and precision on both sides must give the same answers.
import { readFile } from 'node:fs/promises';
import { importJson } from '../../src/lib/bench/export';
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

// fp32, as the test's reference server serves (its default): the same model and precision on both sides.
const local: LocalSetup = { source: { kind: 'default' }, backend: 'wasm', dtype: 'fp32', threads: 1 };
const cloud = {
	baseUrl: `${CLOUD_ORIGIN}/v1`,
	model: 'stories260k',
	inputUsdPerMTokens: 0.15,
	outputUsdPerMTokens: 0.6
};
const jsonl = (lines: unknown[]) => Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n') + '\n');

test('a quality run on two slots shows the scores, their intervals and quality against speed; export and import keep them', async ({
	page
}) => {
	test.setTimeout(600_000);
	await seedSettings(page, '/', defaultSlots(local, cloud), {
		suiteId: 'quick',
		repetitions: 1,
		quality: ['multiple-choice', 'agreement']
	});
	await loadLocal(page, 300_000);
	await openResults(page);
	const panel = page.getByTestId('benchmark-panel');
	await expect(panel.getByTestId('quality-suite-multiple-choice')).toBeChecked();
	await expect(panel.getByTestId('quality-suite-agreement')).toBeChecked();

	// A malformed set is refused, naming the line; a good one is kept and chosen.
	const input = panel.getByTestId('quality-import');
	await input.setInputFiles({
		name: 'broken.jsonl',
		mimeType: 'application/jsonl',
		buffer: jsonl([
			{ prompt: 'p', answer: 'x', scorer: 'exact' },
			{ prompt: 'no answer', scorer: 'number' }
		])
	});
	await expect(panel.getByTestId('quality-import-error')).toContainText('line 2: answer');
	await expect(panel.getByTestId('quality-suite-custom:broken')).toHaveCount(0);
	await input.setInputFiles({
		name: 'mine.jsonl',
		mimeType: 'application/jsonl',
		buffer: jsonl([
			{ prompt: 'Q: What is 2 + 2?\nA:', answer: 4, scorer: 'number', maxNewTokens: 4 },
			{ prompt: 'Q: Capital of Peru?\nA:', answer: 'Lima', scorer: 'exact', maxNewTokens: 4 },
			{ prompt: 'JSON with a and b:', answer: ['a', 'b'], scorer: 'json-keys', maxNewTokens: 12 }
		])
	});
	await expect(panel.getByTestId('quality-suite-custom:mine')).toBeChecked();
	await expect(panel.getByTestId('quality-import-error')).toHaveCount(0);

	const record = await runBenchmarkInUi(page, 400_000, ['local', 'cloud']);
	expect(record.status).toBe('complete');
	expect(record.quality!.suites.map((s) => s.id)).toEqual(['multiple-choice', 'agreement', 'custom:mine']);
	expect(record.quality!.runs).toHaveLength(2 * (24 + 16 + 3));
	for (const run of record.quality!.runs) expect(run.result.finishReason, run.result.error?.message).not.toBe('error');
	const [device, server] = record.engines.map((e) => e.quality!);
	const mc = device!.suites[0]!;
	expect(mc).toMatchObject({ suite: 'multiple-choice', items: 24, errors: 0, chance: 0.25 });
	// A story model knows no general knowledge: not above chance.
	expect(mc.ci95![0]).toBeLessThanOrEqual(0.25);
	// The same model on the device and on the server: the same answer on every item.
	expect(server!.suites[1]).toMatchObject({ suite: 'agreement', items: 16, correct: 16, errors: 0, accuracy: 1 });
	expect(server!.agreement).toMatchObject({ baselineEngineId: 'local', items: 27, identical: 27 });

	// The Results view: a row per suite and engine with its accuracy and interval, the sentence, the charts.
	const summary = page.getByTestId('quality-summary');
	await expect(summary.getByTestId('quality-row')).toHaveCount(6);
	const agreementRow = summary.locator('[data-testid="quality-row"][data-engine="cloud"][data-suite="agreement"]');
	await expect(agreementRow.getByTestId('quality-accuracy')).toHaveText('100% ±10');
	await expect(agreementRow.getByTestId('quality-interval')).toHaveText('[81%, 100%]');
	await expect(agreementRow).toContainText('16 of 16 identical');
	const mcRow = summary.locator('[data-testid="quality-row"][data-engine="local"][data-suite="multiple-choice"]');
	await expect(mcRow.getByTestId('quality-accuracy')).toHaveText(/^\d+% ±\d+$/);
	await expect(mcRow).toContainText('25%');
	await expect(summary.getByTestId('quality-sentence')).toHaveText(/ ±\d+ at \d+ tok\/s, TTFT \d+ ms, \$0; /);
	const bySpeed = summary.getByRole('figure', { name: 'Quality against speed, one point per engine' });
	await expect(bySpeed).toHaveCount(1);
	expect((await bySpeed.getAttribute('data-series'))!.split(' | ')).toHaveLength(2);
	await expect(summary.getByRole('figure', { name: 'Quality against cost, one point per engine' })).toHaveCount(1);

	// Export, delete everything, import: the scores and the answers come back and are shown again.
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Export JSON' }).click()
	]);
	const exported = await readFile((await download.path())!, 'utf8');
	const back = importJson(exported).find((r) => r.id === record.id)!;
	expect(back.engines.map((e) => e.quality)).toStrictEqual(record.engines.map((e) => e.quality));
	page.once('dialog', (d) => void d.accept());
	await page.getByRole('button', { name: 'Delete all' }).click();
	await expect(summary).toHaveCount(0);
	await page
		.getByLabel('Import JSON')
		.setInputFiles({ name: 'results.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
	await expect(page.getByRole('status').filter({ hasText: /Imported/ })).toBeVisible();
	await page.getByTestId('history-item').first().locator('button.pick').click();
	await expect(summary.getByTestId('quality-row')).toHaveCount(6);
	await expect(agreementRow.getByTestId('quality-accuracy')).toHaveText('100% ±10');
	const stored = (await readStoredRecords(page)).find((r) => r.id === record.id)!;
	expect(stored.quality).toStrictEqual(record.quality);

	// The Devices page: quality per suite for this device.
	await page.locator('a[href$="/devices"]').first().click();
	await expect(page.getByTestId('devices-quality-row')).toHaveCount(3);
	// The device ran first: in the agreement suite it is the baseline, not a score.
	await expect(page.getByTestId('devices-quality-row').nth(1)).toContainText('the baseline');
	await expect(page.getByTestId('devices-quality-row').first()).toContainText(
		/Quality: multiple-choice\s*\d+% ±\d+ \(\d+ of 24\)/
	);
});
