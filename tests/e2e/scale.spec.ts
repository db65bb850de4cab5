// The scale view on a saved result: fixed inputs give hand-computed figures, each input with its source,
// a zero price never reaches the training cost, and the typed-in inputs survive a reload.
import { exportJson } from '../../src/lib/bench/export';
import { compareRunRecord } from '../../src/lib/bench/record';
import { promptCase } from '../../src/lib/bench/suite';
import { SAMPLE_DEVICE } from '../../src/lib/bench/testing/sample-records';
import { expect, test } from './fixtures';

function scaleRecord() {
	const request = promptCase('short', 4).request;
	const t = Date.UTC(2026, 0, 5);
	// Every run: 30 input tokens, 4 output tokens; the device's last token at 21.125 ms.
	const result = (start: number, gaps: number[]) => ({
		text: 'w x y z',
		requestMs: start,
		arrivalsMs: gaps.map((g) => start + g + 0.125),
		inputTokens: 30,
		outputTokens: gaps.length,
		tokensSource: 'tokenizer' as const,
		finishReason: 'length' as const
	});
	return compareRunRecord(
		{
			request,
			sides: [
				{
					id: 'local',
					info: {
						kind: 'local',
						placement: 'device',
						priced: false,
						honours: { stop: true, seed: false, ignoreEos: true },
						label: 'Device q8',
						model: { id: 'edgewise-tiny', dtype: 'q8', bytes: 2_000_000 },
						backend: 'wasm',
						threads: 2
					},
					result: result(t, [12, 15, 18, 21])
				},
				{
					id: 'cloud',
					info: {
						kind: 'cloud',
						placement: 'remote',
						priced: true,
						honours: { stop: true, seed: true, ignoreEos: true },
						label: 'Priced endpoint',
						model: { id: 'edgewise-tiny' },
						endpointBaseUrl: 'http://127.0.0.1:4321/v1'
					},
					result: result(t + 100, [40, 41, 43, 44])
				}
			]
		},
		{
			device: SAMPLE_DEVICE,
			appVersion: 'e2e',
			id: 'scale-run',
			createdAt: new Date(t).toISOString(),
			pricesByEngine: { cloud: { inputUsdPerMTokens: 1, outputUsdPerMTokens: 2 } }
		}
	);
}

test('scale view: hand-computed figures for fixed inputs, sources shown, zero prices never cross, inputs persist', async ({
	page
}) => {
	await page.goto('/results');
	await page.getByLabel('Import JSON').setInputFiles({
		name: 'results.json',
		mimeType: 'application/json',
		buffer: Buffer.from(exportJson([scaleRecord()], 'e2e'))
	});
	const scale = page.getByRole('region', { name: 'At scale (estimates)' });
	await expect(scale).toBeVisible();

	await scale.getByTestId('scale-users').fill('1000000');
	await scale.getByTestId('scale-users').press('Enter');
	await scale.getByTestId('scale-requests').fill('10');
	await scale.getByTestId('scale-requests').press('Enter');
	await scale.getByTestId('scale-training').fill('100000');
	await scale.getByTestId('scale-training').press('Enter');

	const cloud = scale.getByTestId('scale-remote');
	await expect(scale.getByTestId('scale-prices')).toContainText('30 input + 4 output tokens per request');
	await expect(scale.getByTestId('scale-prices')).toContainText('(list price)');
	// (30 x $1 + 4 x $2) / 1M = $0.000038 per request; x 10,000,000 requests a day = $380.
	await expect(cloud.getByTestId('scale-per-request')).toHaveText('≈ $0.0000380');
	await expect(cloud.getByTestId('scale-per-day')).toHaveText('≈ $380.00');
	await expect(cloud.getByTestId('scale-per-month')).toHaveText('≈ $11,400.00');
	await expect(cloud.getByTestId('scale-per-year')).toHaveText('≈ $138,700.00');
	// $100,000 / $380 = 263.2 -> day 264, 8.8 months.
	await expect(cloud.getByTestId('scale-crossing')).toHaveText('passes the training cost on day 264 (≈ 8.8 months)');

	const device = scale.getByTestId('scale-device');
	await expect(device.getByTestId('scale-download')).toContainText('2.0 MB once');
	// 2 MB x 1,000,000 users = 2 TB once.
	await expect(device.getByTestId('scale-traffic')).toHaveText('2.00 TB of traffic');
	await expect(device.getByTestId('scale-device-ms')).toContainText('21.1 ms');
	await expect(device.getByTestId('scale-device-ms')).toContainText('(measured e2e, median)');
	// 21.125 ms x 10 x 1,000,000 / 3,600,000 = 58.68 h.
	await expect(device.getByTestId('scale-fleet-hours')).toHaveText('≈ 58.7 h');
	await expect(scale.getByRole('figure', { name: /Cumulative cost against days/ })).toBeVisible();

	// Typed-in zero prices replace the list prices: the cloud then never passes the training cost.
	await scale.getByTestId('scale-input-price').fill('0');
	await scale.getByTestId('scale-input-price').press('Enter');
	await scale.getByTestId('scale-output-price').fill('0');
	await scale.getByTestId('scale-output-price').press('Enter');
	await expect(scale.getByTestId('scale-prices')).toContainText('(typed in)');
	await expect(cloud.getByTestId('scale-per-day')).toHaveText('≈ $0');
	await expect(cloud.getByTestId('scale-crossing')).toContainText(
		'never passes the training cost: the cloud costs $0 per day'
	);

	await page.reload();
	await expect(scale.getByTestId('scale-users')).toHaveValue('1000000');
	await expect(scale.getByTestId('scale-training')).toHaveValue('100000');
	await expect(cloud.getByTestId('scale-crossing')).toContainText('never passes');
});
