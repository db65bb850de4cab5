// A runtime's own settings, as its registration declares them (llama.cpp's build): offered in the slot's form,
// part of the slot's name, run as chosen, and recorded as what ran; a change after a load makes the next Run
// load what the form now says.
import { readStoredRecords } from '../../src/cli/bench-driver';
import { expect, test } from './fixtures';
import { editSlot, includeSlot, slotCard } from './fixtures/slots';

test("llama.cpp's build is a setting of its own: wllama as chosen, then the Edgewise SIMD128 build after a change", async ({
	page
}) => {
	test.setTimeout(240_000);
	await page.goto('/');
	await editSlot(page, 'local');
	const card = slotCard(page, 'local');
	// ONNX Runtime has no settings of its own: no menu for them.
	await expect(card.getByTestId('local-setting-build')).toHaveCount(0);
	await card.getByTestId('local-runtime').selectOption('llama.cpp');
	const build = card.getByTestId('local-setting-build');
	await expect(build).toHaveValue('auto');
	await expect(build.locator('option')).toHaveText([
		'Auto: the Edgewise build where it runs, else wllama',
		'Edgewise build, relaxed SIMD',
		'Edgewise build, SIMD128',
		'wllama (the stock build)'
	]);
	await build.selectOption('wllama');
	await card.getByTestId('local-backend').selectOption('wasm');
	await card.getByTestId('local-dtype').selectOption('q8');
	await card.getByTestId('local-threads').selectOption('1');
	await expect(card.getByTestId('slot-title')).toContainText('llama.cpp wasm q8 · 1 thread · wllama');
	await card.getByTestId('local-load').click();
	await expect(card.getByTestId('local-status')).toHaveAttribute('data-status', 'ready', { timeout: 150_000 });
	await expect(card.getByTestId('backend-badge')).toContainText('wllama');

	// Changed after the load: the form no longer describes the loaded engine, and Run loads the new build.
	await editSlot(page, 'local');
	await card.getByTestId('local-setting-build').selectOption('edgewise-simd128');
	await expect(card.getByTestId('slot-title')).toContainText('· edgewise-simd128');
	await includeSlot(page, 'cloud', false);
	await page.getByRole('radio', { name: 'Completion' }).check();
	await page.getByRole('spinbutton', { name: 'Max new tokens' }).fill('8');
	const prompt = page.getByRole('textbox', { name: 'Prompt' });
	await prompt.fill('Once upon a time');
	await prompt.press('Control+Enter');
	await expect(page.getByText('Saved to Results.')).toBeVisible({ timeout: 150_000 });
	const [run] = (await readStoredRecords(page)).filter((r) => r.kind === 'run');
	expect(run?.engines[0]?.info.runtime?.build).toMatchObject({ name: 'edgewise', simd: 'simd128' });
	expect(run?.runs[0]?.result.outputTokens).toBeGreaterThan(0);
	// Kept across a reload, as every choice in the form is.
	await page.reload();
	await editSlot(page, 'local');
	await expect(slotCard(page, 'local').getByTestId('local-setting-build')).toHaveValue('edgewise-simd128');
});
