// Cloud failures as a person meets them in the browser: a base URL without /v1 in Test connection, and
// running the cloud side while the device is offline.
import { CLOUD_ORIGIN, expect, test } from './fixtures';
import { includeSlot } from './fixtures/slots';

test('Test connection on a base URL without /v1 makes a handful of requests and says "did you mean .../v1"', async ({
	page,
	requestLog
}) => {
	await page.goto('/settings');
	const form = page.getByTestId('endpoint-form').first();
	await form.getByTestId('endpoint-base-url').fill(CLOUD_ORIGIN);
	await form.getByTestId('endpoint-base-url').blur();
	const before = requestLog.requests.length;
	await form.getByTestId('endpoint-test').click();
	const error = form.getByTestId('report-error');
	await expect(error).toHaveAttribute('data-error-name', 'CloudBaseUrlError');
	await expect(error).toContainText(`did you mean ${CLOUD_ORIGIN}/v1?`);
	await expect(form.getByTestId('report-steps')).toContainText(`GET ${CLOUD_ORIGIN}/models`);
	const toCloud = requestLog.requests.slice(before).filter((r) => r.url.startsWith(CLOUD_ORIGIN));
	expect(toCloud.length).toBeGreaterThan(0);
	expect(toCloud.length).toBeLessThanOrEqual(5);

	await form.getByTestId('use-suggested-base-url').click();
	await expect(form.getByTestId('endpoint-base-url')).toHaveValue(`${CLOUD_ORIGIN}/v1`);
});

test('offline, the cloud side says the device is offline instead of giving CORS advice', async ({ page, context }) => {
	await page.goto('/settings');
	const form = page.getByTestId('endpoint-form').first();
	await form.getByTestId('endpoint-base-url').fill(`${CLOUD_ORIGIN}/v1`);
	await form.getByTestId('endpoint-base-url').blur();
	await page.getByRole('link', { name: 'Compare' }).first().click();
	const prompt = page.getByRole('form', { name: 'Prompt' });
	await includeSlot(page, 'local', false);
	await includeSlot(page, 'cloud', true);
	await prompt.getByRole('textbox', { name: 'Prompt' }).fill('Are you there?');
	await context.setOffline(true);
	await prompt.getByRole('button', { name: /Run/ }).click();
	const pane = page.locator('section.pane[data-engine="cloud"]');
	await expect(pane.getByRole('status')).toHaveAttribute('data-status', 'error', { timeout: 30_000 });
	const alert = pane.getByRole('alert');
	await expect(alert).toContainText('CloudOfflineError');
	await expect(alert).toContainText('This device is offline');
	await expect(alert).not.toContainText('CORS');
	await context.setOffline(false);
});
