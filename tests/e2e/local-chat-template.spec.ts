// Defaults follow the model: a model without a chat template runs as plain completion (the form says why
// and does not offer Chat); a model with one offers Chat and answers in it.
import { expect, HUB_ORIGIN, test } from './fixtures';
import { NO_CHAT_TEMPLATE } from './fixtures/hub-server';
import { includeSlot } from './fixtures/slots';

const pane = (page: import('@playwright/test').Page) => page.locator('section.pane[data-engine="local"]');

test('the built-in default has no chat template: the form starts in plain completion and says why', async ({
	page
}) => {
	await page.goto('/');
	await expect(page.getByRole('radio', { name: 'Plain completion' })).toBeChecked();
	await expect(page.getByRole('radio', { name: 'Chat' })).toBeDisabled();
	await expect(page.getByTestId('no-chat-template')).toHaveText(
		'Plain completion: stories260k (built in) has no chat template, so it continues your text. Chat is offered for models that have one.'
	);
});

test('a model only known to lack a chat template once loaded runs as plain completion from its first Run', async ({
	page
}) => {
	await page.goto('/');
	await page.getByTestId('local-model').selectOption('custom');
	await page.getByTestId('local-custom-model').fill(`${HUB_ORIGIN}/${NO_CHAT_TEMPLATE}`);
	await page.getByTestId('local-custom-model').press('Enter');
	await page.getByTestId('local-backend').selectOption('wasm');
	const form = page.getByRole('form', { name: 'Prompt' });
	await form.getByRole('spinbutton', { name: 'Max new tokens' }).fill('4');
	await includeSlot(page, 'local', true);
	await includeSlot(page, 'cloud', false);
	// Unknown before it loads: Chat is offered, and chosen.
	await page.getByRole('radio', { name: 'Chat' }).check();
	await page.getByRole('textbox', { name: 'Prompt' }).fill('Hello');
	await expect(page.getByTestId('no-chat-template')).toHaveCount(0);

	await page.getByRole('button', { name: /^Run/ }).click();
	await expect(pane(page).getByRole('status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
	expect((await page.getByTestId('local-output').textContent())?.length).toBeGreaterThan(0);
	await expect(pane(page).getByRole('alert')).toHaveCount(0);
	const notice = page.getByTestId('no-chat-template');
	await expect(notice).toContainText(`${NO_CHAT_TEMPLATE} @ 127.0.0.1`);
	await expect(notice).toContainText('has no chat template, so it continues your text');
	await expect(page.getByRole('radio', { name: 'Plain completion' })).toBeChecked();
	await expect(page.getByRole('radio', { name: 'Chat' })).toBeDisabled();
});

test('the synthetic built-in model has a chat template: Chat is offered, shows no notice and answers', async ({
	page
}) => {
	await page.goto('/');
	await page.getByTestId('local-model').selectOption('default:edgewise-tiny');
	await page.getByTestId('local-backend').selectOption('wasm');
	const form = page.getByRole('form', { name: 'Prompt' });
	await form.getByRole('spinbutton', { name: 'Max new tokens' }).fill('4');
	await includeSlot(page, 'cloud', false);
	await expect(page.getByTestId('no-chat-template')).toHaveCount(0);
	await page.getByRole('radio', { name: 'Chat' }).check();
	await page.getByRole('textbox', { name: 'Prompt' }).fill('Hello');
	await page.getByRole('button', { name: /^Run/ }).click();
	await expect(pane(page).getByRole('status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
	await expect(page.getByTestId('no-chat-template')).toHaveCount(0);
	await expect(page.getByRole('radio', { name: 'Chat' })).toBeChecked();
	await expect(page.getByTestId('local-random-weights')).toHaveText(
		'random weights: the text is noise; the speed is real'
	);
});
