// Findings from a newcomer's run of Compare (issue 20), each as a person meets it: a failed load in a run, an
// endpoint chosen in a slot, "Add engine", the custom URL box, what a runtime offers, WebGPU's pane line.
import type { Page } from '@playwright/test';
import { settingsFor, type SlotSetup } from '../../src/cli/bench-driver';
import { storageKey, STORED } from '../../src/lib/state/stored-settings';
import { CLOUD_ORIGIN, expect, HUB_ORIGIN, test } from './fixtures';
import { editLocal } from './fixtures/local';
import { includeSlot, slotCard, useReferenceEndpoint } from './fixtures/slots';

const pane = (page: Page, id: string) => page.locator(`section.pane[data-engine="${id}"]`);

async function runPrompt(page: Page, tokens: number): Promise<void> {
	await page.getByRole('radio', { name: 'Plain completion' }).check();
	const max = page.getByRole('spinbutton', { name: 'Max new tokens' });
	await max.fill(String(tokens));
	await max.blur();
	await page.getByRole('textbox', { name: 'Prompt' }).fill('Once upon a time');
	await page.getByRole('button', { name: /^Run/ }).click();
}

test('a load that fails in a run: its pane says Failed, and nothing says no engine is included (finding 1)', async ({
	page
}) => {
	await page.goto('/');
	await includeSlot(page, 'cloud', false);
	await editLocal(page);
	await page.getByTestId('local-model').selectOption('custom');
	await page.getByTestId('local-custom-model').fill(`${HUB_ORIGIN}/no-such-model`);
	await page.getByTestId('local-custom-model').press('Enter');
	await runPrompt(page, 8);
	await expect(pane(page, 'local').getByRole('status')).toHaveAttribute('data-status', 'error', { timeout: 60_000 });
	await expect(pane(page, 'local').getByRole('status')).toHaveText('Failed');
	await expect(pane(page, 'local').getByRole('alert')).toContainText('ModelNotFoundError');
	await expect(page.getByTestId('compare-row')).toHaveAttribute('data-status', 'failed');
	await expect(page.getByText('No engine is ready to run')).toHaveCount(0);
	// The slot stays open on its error, and the error says what a model URL's server must serve.
	await expect(slotCard(page, 'local')).toHaveAttribute('data-form', 'open');
	await expect(page.getByTestId('local-error')).toContainText('{server}/{id}/resolve/{revision}/{file}');
});

test('an endpoint chosen in a slot is the one it names, not "Default endpoint" and the old URL (finding 14)', async ({
	page
}) => {
	const other = 'http://127.0.0.1:9/v1';
	const two: SlotSetup[] = [
		{ id: 'cloud', cloud: { baseUrl: `${CLOUD_ORIGIN}/v1`, model: 'stories260k', name: 'Reference' } },
		{ id: 'cloud-2', cloud: { baseUrl: other, model: 'm', name: 'Other' } }
	];
	const items = {
		...settingsFor(two, { suiteId: 'quick', repetitions: 1 }),
		// One cloud slot, following the default endpoint (the first).
		[storageKey(STORED.slots)]: JSON.stringify([
			{ id: 'cloud', kind: 'cloud', enabled: true, config: { endpointId: null } }
		])
	};
	await page.goto('/');
	await page.evaluate((items) => {
		for (const [key, value] of Object.entries(items)) localStorage.setItem(key, value);
	}, items);
	await page.reload();
	const card = slotCard(page, 'cloud');
	await card.getByTestId('slot-edit').click();
	await expect(card.getByTestId('cloud-endpoint-url')).toContainText(`Default endpoint · ${CLOUD_ORIGIN}/v1`);
	await card.getByTestId('cloud-endpoint').selectOption('bench-cloud-2');
	await expect(card.getByTestId('cloud-endpoint-url')).toContainText(other);
	await expect(card.getByTestId('cloud-endpoint-url')).not.toContainText('Default endpoint');
	await expect(card.getByTestId('slot-title')).toHaveText('Other · m');
	// Kept across a reload.
	await page.reload();
	await expect(slotCard(page, 'cloud').getByTestId('slot-title')).toHaveText('Other · m');
});

test('"Add engine" leaves no name beside the button to go stale (finding 15)', async ({ page }) => {
	await page.goto('/');
	await page.getByTestId('add-engine-kind').selectOption('local');
	await page.getByTestId('add-engine-button').click();
	await expect(slotCard(page, 'local-2')).toHaveAttribute('data-form', 'open');
	const status = page.getByTestId('add-engine-status');
	await expect(status).toHaveText('Added slot 3; its form is open.');
	// Said to assistive technology, not drawn beside the button.
	expect((await status.boundingBox())?.width ?? 0).toBeLessThanOrEqual(1);
	await slotCard(page, 'local-2').getByTestId('local-dtype').selectOption('fp32');
	await expect(status).toHaveText('', { timeout: 8_000 });
});

test('the custom URL box is as wide as the model list, with a hint that says what a URL must serve (findings 11, 2)', async ({
	page
}) => {
	await page.setViewportSize({ width: 1280, height: 800 });
	await page.goto('/');
	await editLocal(page);
	await page.getByTestId('local-model').selectOption('custom');
	const select = (await page.getByTestId('local-model').boundingBox())!;
	const input = (await page.getByTestId('local-custom-model').boundingBox())!;
	expect(input.width).toBeGreaterThanOrEqual(select.width - 2);
	await expect(page.getByTestId('local-custom-model')).toHaveAccessibleDescription(
		/Hub layout|\{server\}\/\{id\}\/resolve\/\{revision\}\/\{file\}/
	);
});

test('llama.cpp is offered only the precisions it runs; a model whose files cannot be read says Precision stayed (findings 12, 3)', async ({
	page
}) => {
	await page.goto('/');
	await editLocal(page);
	await page.getByTestId('local-model').selectOption('custom');
	await page.getByTestId('local-custom-model').fill(`${HUB_ORIGIN}/some-model`);
	await page.getByTestId('local-custom-model').press('Enter');
	const values = () =>
		page
			.getByTestId('local-dtype')
			.locator('option')
			.evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
	expect(await values()).toEqual(['fp32', 'q8', 'q4', 'fp16', 'q4f16']);
	// The test Hub has no such folder: the Precision did not come from the model, and the note says so and why.
	await expect(page.getByTestId('local-model-files-problem')).toContainText(
		/could not be read, so Precision stays fp32 .*HTTP 404/
	);
	await page.getByTestId('local-runtime').selectOption('llama.cpp');
	await expect.poll(values).toEqual(['fp32', 'q8', 'q4']);
});

test('a WebGPU pane gives its adapter, no thread count, and the software-adapter notice once (finding 7)', async ({
	page
}) => {
	test.setTimeout(300_000);
	await useReferenceEndpoint(page);
	await editLocal(page);
	await page.getByTestId('local-backend').selectOption('webgpu');
	await page.getByTestId('local-dtype').selectOption('fp32');
	await runPrompt(page, 4);
	await expect(page.getByTestId('verdict')).toBeVisible({ timeout: 240_000 });
	const ranOn = page.getByTestId('local-ran-on');
	await expect(ranOn).toContainText('WebGPU');
	await expect(ranOn).not.toContainText('thread');
	await expect(page.getByTestId('slot-title').first()).toHaveText('stories260k · webgpu fp32');
	// The notice is said in the pane, and nowhere else on the page (the folded verdict included).
	const notices = page.locator('main').getByText(/a software one \(/i);
	await expect(notices).toHaveCount(1);
});
