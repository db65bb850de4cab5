// Cloud failures only a browser shows: a stream cut mid-answer (the browser's own "network error") and
// an endpoint the page cannot reach, against the stand-in server on one of the spec ports.
import { startStandIn } from '../integration/cloud-stand-in';
import { startScripted, type ScriptedServer } from '../integration/cloud-scripted-server';
import { APP_ORIGIN, E2E_PORTS, expect, test, type Page } from './fixtures';
import { includeSlot } from './fixtures/slots';

let standIn: ScriptedServer;
test.beforeAll(async () => {
	standIn = await startStandIn(E2E_PORTS.scratch2);
});
test.afterAll(() => standIn?.close());

async function runCloud(page: Page, baseUrl: string, model: string) {
	await page.goto('/settings');
	const form = page.getByTestId('endpoint-form').first();
	await form.getByTestId('endpoint-base-url').fill(baseUrl);
	await form.getByTestId('endpoint-base-url').blur();
	await form.getByTestId('endpoint-model').fill(model);
	await form.getByTestId('endpoint-model').blur();
	await page.getByRole('link', { name: 'Compare' }).first().click();
	const prompt = page.getByRole('form', { name: 'Prompt' });
	await includeSlot(page, 'local', false);
	await includeSlot(page, 'cloud', true);
	await prompt.getByRole('textbox', { name: 'Prompt' }).fill('Go on');
	await prompt.getByRole('button', { name: /Run/ }).click();
	const pane = page.locator('section.pane[data-engine="cloud"]');
	await expect(pane.getByRole('status')).toHaveAttribute('data-status', 'error', { timeout: 30_000 });
	return pane;
}

test('a server killed mid-stream: CloudStreamCutError, the partial text kept, no decode speed', async ({ page }) => {
	const pane = await runCloud(page, standIn.baseUrl, 'killed:32:10');
	await expect(pane.getByRole('alert')).toContainText('CloudStreamCutError');
	await expect(pane.getByRole('alert')).toContainText('The partial text is kept');
	await expect(page.getByTestId('cloud-output')).toHaveText(/^t0 t1 t2 /);
	await expect(pane.locator('[data-metric="decode"] dd')).toHaveText('—');
	await expect(pane.locator('[data-metric="tpot"] dd')).toHaveText('—');
});

test("nothing answering: the error names this page's real origin and says what the browser cannot tell", async ({
	page
}) => {
	const dead = `http://127.0.0.1:${E2E_PORTS.scratch}/v1`;
	const pane = await runCloud(page, dead, 'tiny');
	const alert = pane.getByRole('alert');
	await expect(alert).toContainText('CloudNetworkError');
	// The app is cross-origin isolated with COEP require-corp, so the no-cors probe cannot vouch for a
	// server without Cross-Origin-Resource-Policy: the error says it cannot tell, and gives both advices.
	await expect(alert).toContainText('the browser does not say which');
	await expect(alert).toContainText(`--cors-origin ${APP_ORIGIN}`);
	await expect(alert).not.toContainText('4173');
});

test('a server that answers but refuses CORS is never reported as "nothing answered"', async ({ page }) => {
	const noCors = await startScripted(
		(_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
		E2E_PORTS.scratch
	);
	try {
		const alert = (await runCloud(page, noCors.baseUrl, 'tiny')).getByRole('alert');
		await expect(alert).toContainText('CloudNetworkError');
		await expect(alert).not.toContainText('Nothing answered');
		await expect(alert).toContainText(/does not allow this page \(http:\/\/127\.0\.0\.1:\d+\) to read its replies/);
	} finally {
		await noCors.close();
	}
});
