// Chat on a model without a chat template: the run fails with a clear error instead of an invented
// "user: ...\nassistant:" prompt, the prompt form says why and offers plain completion in one click,
// and that runs.
import { expect, HUB_ORIGIN, test } from './fixtures';
import { NO_CHAT_TEMPLATE } from './fixtures/hub-server';
import { includeSlot } from './fixtures/slots';

test('Chat on a model without a chat template says so and offers plain completion', async ({ page }) => {
	await page.goto('/');
	await page.getByTestId('local-model').selectOption('custom');
	await page.getByTestId('local-custom-model').fill(`${HUB_ORIGIN}/${NO_CHAT_TEMPLATE}`);
	await page.getByTestId('local-custom-model').press('Enter');
	await page.getByTestId('local-backend').selectOption('wasm');
	const form = page.getByRole('form', { name: 'Prompt' });
	await form.getByRole('spinbutton', { name: 'Max new tokens' }).fill('4');
	await includeSlot(page, 'local', true);
	await includeSlot(page, 'cloud', false);
	await page.getByRole('radio', { name: 'Chat' }).check();
	await page.getByRole('textbox', { name: 'Prompt' }).fill('Hello');
	await expect(page.getByTestId('no-chat-template')).toHaveCount(0);

	// Run loads the model, and the chat request is refused: the template is only known once it loaded.
	await page.getByRole('button', { name: /^Run/ }).click();
	const pane = page.locator('section.pane[data-engine="local"]');
	await expect(pane.getByRole('status')).toHaveAttribute('data-status', 'error', { timeout: 120_000 });
	await expect(pane.getByRole('alert')).toContainText('NoChatTemplateError: This model has no chat template');
	await expect(page.getByTestId('local-output')).toHaveText('');
	const notice = page.getByTestId('no-chat-template');
	await expect(notice).toContainText(`${NO_CHAT_TEMPLATE} @ 127.0.0.1`);
	await expect(notice).toContainText('has no chat template, so Chat cannot format a conversation for it.');

	await notice.getByRole('button', { name: 'Use plain completion' }).click();
	await expect(page.getByRole('radio', { name: 'Plain completion' })).toBeChecked();
	await expect(notice).toHaveCount(0);
	await page.getByRole('button', { name: /^Run/ }).click();
	await expect(pane.getByRole('status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
	expect((await page.getByTestId('local-output').textContent())?.length).toBeGreaterThan(0);
});

test('the built-in model has a chat template: Chat shows no notice and answers', async ({ page }) => {
	await page.goto('/');
	await page.getByTestId('local-backend').selectOption('wasm');
	const form = page.getByRole('form', { name: 'Prompt' });
	await form.getByRole('spinbutton', { name: 'Max new tokens' }).fill('4');
	await includeSlot(page, 'cloud', false);
	await page.getByRole('radio', { name: 'Chat' }).check();
	await page.getByRole('textbox', { name: 'Prompt' }).fill('Hello');
	await page.getByRole('button', { name: /^Run/ }).click();
	await expect(page.locator('section.pane[data-engine="local"]').getByRole('status')).toHaveAttribute(
		'data-status',
		'done',
		{ timeout: 120_000 }
	);
	await expect(page.getByTestId('no-chat-template')).toHaveCount(0);
});
