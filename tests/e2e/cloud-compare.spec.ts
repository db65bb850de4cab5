// The cloud side through the UI, against the e2e reference server (127.0.0.1:4321): set up an endpoint
// with an API key in Settings, test the connection, run a prompt on the Compare page, and check that the
// key went nowhere but its own endpoint (requests, results, export, localStorage, console).
import { readFile } from 'node:fs/promises';
import type { Request } from '@playwright/test';
import { APP_ORIGIN, CLOUD_ORIGIN, expect, test } from './fixtures';
import { editSlot, includeSlot } from './fixtures/slots';

const SECRET = 'sk-e2e-cloud-key-51c0ffee7a';

interface Sent {
	url: string;
	headers: Record<string, string>;
	body: string | null;
}

test('cloud endpoint through the UI: test connection, run a prompt, key stays with its endpoint', async ({
	page,
	context
}) => {
	const sent: Sent[] = [];
	context.on('request', async (request: Request) => {
		sent.push({ url: request.url(), headers: await request.allHeaders(), body: request.postData() });
	});
	const consoleLines: string[] = [];
	page.on('console', (message) => consoleLines.push(message.text()));

	await page.goto('/settings');
	const endpointForm = page.getByTestId('endpoint-form').first();
	await endpointForm.getByTestId('endpoint-base-url').fill(`${CLOUD_ORIGIN}/v1`);
	await endpointForm.getByTestId('endpoint-base-url').blur();
	await endpointForm.getByTestId('endpoint-api-key').fill(SECRET);
	await endpointForm.getByTestId('endpoint-api-key').blur();
	await endpointForm.getByTestId('endpoint-list-models').click();
	await expect(
		endpointForm.getByTestId('endpoint-model-list').locator('option', { hasText: 'stories260k' })
	).toHaveCount(1);
	// One name for one action, in Settings and on Compare.
	await expect(endpointForm.getByTestId('endpoint-test')).toHaveText('Test connection');
	await endpointForm.getByTestId('endpoint-test').click();
	const report = endpointForm.getByTestId('connection-report');
	await expect(report).toHaveAttribute('data-ok', 'true');
	await expect(report.getByTestId('report-streams')).toHaveText('yes');
	await expect(report.getByTestId('report-usage')).toHaveText('yes');
	await expect(report.getByTestId('report-rtt')).toHaveText(/\d+ ms/);
	// The model list came from /v1/models.
	await expect(endpointForm.getByTestId('endpoint-model-list')).toHaveValue('stories260k');

	await page.goto('/');
	await editSlot(page, 'cloud');
	await expect(page.getByTestId('cloud-endpoint-url')).toContainText(`${CLOUD_ORIGIN}/v1`);
	await expect(page.getByTestId('cloud-check')).toHaveText('Test connection');
	await page.getByTestId('cloud-check').click();
	await expect(page.getByTestId('cloud-status')).toHaveAttribute('data-status', 'ready');
	const form = page.getByRole('form', { name: 'Prompt' });
	await includeSlot(page, 'local', false);
	await includeSlot(page, 'cloud', true);
	// The reference server's model (stories260k) has no chat template: it continues text.
	await form.getByRole('radio', { name: 'Plain completion' }).check();
	await form.getByRole('textbox', { name: 'Prompt' }).fill('Once upon a time');
	await form.getByRole('button', { name: /Run/ }).click();
	const pane = page.locator('section.pane[data-engine="cloud"]');
	await expect(pane.getByRole('status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
	const streamedText = await page.getByTestId('cloud-output').textContent();
	expect(streamedText?.length).toBeGreaterThan(0);

	// The streamed request went to the reference server, from the worker, with the key in its header only.
	const completions = sent.filter((s) => s.url === `${CLOUD_ORIGIN}/v1/completions` && s.body);
	expect(completions.length).toBeGreaterThanOrEqual(1); // the run (and Test connection's completions check)
	const run = completions.at(-1)!;
	expect(run.headers.authorization).toBe(`Bearer ${SECRET}`);
	expect(run.body).not.toContain(SECRET);
	// Replaying the same request without streaming gives the same text the pane showed.
	const replay = await fetch(run.url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ ...JSON.parse(run.body!), stream: false })
	});
	expect((await replay.json()).choices[0].text).toBe(streamedText);

	// The key reached no other origin, in any header, URL or body.
	const leaks = sent.filter((s) => !s.url.startsWith(CLOUD_ORIGIN) && JSON.stringify(s).includes(SECRET));
	expect(leaks).toEqual([]);

	// Nor the saved result, its export, settings storage, or the console.
	await expect(page.getByRole('status').filter({ hasText: 'Saved to' })).toBeVisible();
	await page.goto('/results');
	await expect(page.getByTestId('history-item').first()).toBeVisible();
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Export JSON' }).click()
	]);
	const exported = await readFile((await download.path())!, 'utf8');
	expect(exported).toContain(`${CLOUD_ORIGIN}/v1`);
	expect(exported).not.toContain(SECRET);
	const storage = await page.evaluate(() =>
		Object.entries(localStorage).filter(([k]) => !k.startsWith('edgewise-device-only:'))
	);
	expect(JSON.stringify(storage)).not.toContain(SECRET);
	expect(consoleLines.join('\n')).not.toContain(SECRET);
});

test('a base URL that points at a web page instead of the API says so', async ({ page }) => {
	await page.goto('/settings');
	const form = page.getByTestId('endpoint-form').first();
	// The app's own origin serves pages, not an OpenAI API.
	await form.getByTestId('endpoint-base-url').fill(`${APP_ORIGIN}/v1`);
	await form.getByTestId('endpoint-base-url').blur();
	await form.getByTestId('endpoint-test').click();
	const error = form.getByTestId('report-error');
	await expect(error).toHaveAttribute('data-error-name', /CloudNotJsonError|CloudRequestError/);
	await expect(error).toContainText('/v1');
});
