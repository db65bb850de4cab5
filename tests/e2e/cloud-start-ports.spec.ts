// `npm start -- --port A --cloud-port B` on ports other than the defaults: the app's built-in endpoint
// must point at the reference server that command started, so the first Run's cloud side succeeds with
// nothing set up by hand.
import { spawn, type ChildProcess } from 'node:child_process';
import { E2E_PORTS, expect, test } from './fixtures';
import { editSlot, includeSlot } from './fixtures/slots';

const appOrigin = `http://127.0.0.1:${E2E_PORTS.scratch}`;
const cloudBase = `http://127.0.0.1:${E2E_PORTS.scratch2}/v1`;
let started: ChildProcess | null = null;

test.beforeAll(async () => {
	started = spawn(
		'node_modules/.bin/tsx',
		['src/cli/start.ts', '--port', String(E2E_PORTS.scratch), '--cloud-port', String(E2E_PORTS.scratch2)],
		{
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true
		}
	);
	let output = '';
	started.stdout!.on('data', (d) => (output += d));
	started.stderr!.on('data', (d) => (output += d));
	for (let i = 0; i < 1200 && !output.includes('Press Ctrl-C'); i++) await new Promise((r) => setTimeout(r, 100));
	expect(output, 'npm start printed its URLs').toContain(`Reference cloud server:  ${cloudBase}`);
});

test.afterAll(() => {
	// The whole group: npx, tsx and the server process.
	if (started?.pid) process.kill(-started.pid, 'SIGTERM');
});

test('the first Run after `npm start --port/--cloud-port` reaches the cloud server it started', async ({ page }) => {
	await page.goto(appOrigin + '/');
	await editSlot(page, 'cloud');
	await expect(page.getByTestId('cloud-endpoint-url')).toContainText(cloudBase);
	const form = page.getByRole('form', { name: 'Prompt' });
	await includeSlot(page, 'local', false);
	await includeSlot(page, 'cloud', true);
	// The reference server's model (stories260k) has no chat template: a first visit is in plain completion.
	await form.getByRole('textbox', { name: 'Prompt' }).fill('Once upon a time');
	const completion = page.waitForRequest((r) => r.url() === `${cloudBase}/completions`);
	await form.getByRole('button', { name: /Run/ }).click();
	await completion;
	const pane = page.locator('section.pane[data-engine="cloud"]');
	await expect(pane.getByRole('status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
	expect((await page.getByTestId('cloud-output').textContent())?.length).toBeGreaterThan(0);

	// A person's edit wins over what the server announces, also after a reload.
	await page.goto(appOrigin + '/settings');
	const base = page.getByTestId('endpoint-form').first().getByTestId('endpoint-base-url');
	await base.fill('http://127.0.0.1:9/v1');
	await base.blur();
	await page.reload();
	await expect(page.getByTestId('endpoint-form').first().getByTestId('endpoint-base-url')).toHaveValue(
		'http://127.0.0.1:9/v1'
	);
});
