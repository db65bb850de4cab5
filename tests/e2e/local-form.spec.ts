// What the form shows is what runs: a change of backend, precision, threads or model after a load marks
// the loaded engine stale in the panel, and the next Run loads the form's choice first (a load measured
// and shown as one) and records what actually ran.
import { expect, HUB_ORIGIN, test, type Page } from './fixtures';
import { editLocal, loadLocal } from './fixtures/local';
import { FP32_ONLY, TINY } from './fixtures/hub-server';
import { includeSlot } from './fixtures/slots';

interface RecordedLocal {
	backend?: string;
	threads?: number;
	model: { id: string; dtype?: string };
}

/** The local engine's info in the newest saved result, read from the app's IndexedDB as Results does. */
function lastRecordedLocal(page: Page): Promise<RecordedLocal | undefined> {
	return page.evaluate(
		() =>
			new Promise<RecordedLocal | undefined>((resolve, reject) => {
				const open = indexedDB.open('edgewise-results');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const all = open.result.transaction('results').objectStore('results').getAll();
					all.onerror = () => reject(all.error);
					all.onsuccess = () => {
						const records = (
							all.result as { createdAt: string; engines: { id: string; info: RecordedLocal }[] }[]
						).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
						resolve(records.at(-1)?.engines.find((e) => e.id === 'local')?.info);
					};
				};
			})
	);
}

async function runLocalOnly(page: Page): Promise<void> {
	const form = page.getByRole('form', { name: 'Prompt' });
	await form.getByRole('spinbutton', { name: 'Max new tokens' }).fill('4');
	await includeSlot(page, 'local', true);
	await includeSlot(page, 'cloud', false);
	await page.getByRole('radio', { name: 'Plain completion' }).check();
	await page.getByRole('textbox', { name: 'Prompt' }).fill('Hello');
	await page.getByRole('button', { name: /^Run/ }).click();
	await expect(page.locator('section.pane[data-engine="local"]').getByRole('status')).toHaveAttribute(
		'data-status',
		'done',
		{
			timeout: 120_000
		}
	);
	await expect(page.getByRole('status').filter({ hasText: 'Saved to Results' })).toBeVisible();
}

/** Loads `first`, changes one field, and checks the stale line, then that Run reloaded and recorded the change. */
async function changeThenRun(page: Page, change: () => Promise<unknown>, formSays: RegExp): Promise<RecordedLocal> {
	await page.goto('/');
	expect(await loadLocal(page, { backend: 'wasm', dtype: 'q8', threads: 1 })).toBe('ready');
	await expect(page.getByTestId('local-stale')).toHaveCount(0);
	const firstLoad = await page.getByTestId('local-status').textContent();
	// The slot folded to its summary once loaded: Edit opens its form again.
	await editLocal(page);
	await change();
	const stale = page.getByTestId('local-stale');
	await expect(stale).toContainText(
		/^\s*Loaded: edgewise-tiny \(built in\) · WebAssembly · q8 · 1 thread\. The form now says /
	);
	await expect(stale).toContainText(formSays);
	await expect(stale).toContainText('Run reloads with it first');

	await runLocalOnly(page);
	await expect(stale).toHaveCount(0);
	await expect(page.getByTestId('local-status')).toHaveAttribute('data-status', 'ready');
	// The reload is this run's load: measured, and shown in the panel and the pane like any other.
	await expect(page.getByTestId('local-status')).toContainText(/^\s*Ready · loaded in \d+ ms/);
	expect(await page.getByTestId('local-status').textContent()).not.toBe(firstLoad);
	await expect(page.locator('section.pane[data-engine="local"] [data-metric="load"] dd')).toHaveText(/\d ms|\d s/);
	const recorded = await lastRecordedLocal(page);
	expect(recorded).toBeDefined();
	return recorded!;
}

test('backend changed after a load: Run reloads on the new backend and records it', async ({ page }) => {
	const recorded = await changeThenRun(
		page,
		() => page.getByTestId('local-backend').selectOption('webgpu'),
		/WebGPU · q8: Run/
	);
	expect(recorded.backend).toBe('webgpu');
	expect(recorded.model.dtype).toBe('q8');
});

test('precision changed after a load: Run reloads with the new dtype and records it', async ({ page }) => {
	const recorded = await changeThenRun(
		page,
		() => page.getByTestId('local-dtype').selectOption('fp32'),
		/WebAssembly · fp32 · 1 thread: Run/
	);
	expect(recorded).toMatchObject({ backend: 'wasm', threads: 1, model: { id: 'edgewise-tiny', dtype: 'fp32' } });
});

test('threads changed after a load: Run reloads with the new thread count and records it', async ({ page }) => {
	const recorded = await changeThenRun(
		page,
		() => page.getByTestId('local-threads').selectOption('2'),
		/WebAssembly · q8 · 2 threads: Run/
	);
	expect(recorded).toMatchObject({ backend: 'wasm', threads: 2, model: { id: 'edgewise-tiny', dtype: 'q8' } });
});

test('model changed after a load: Run loads the new model and records it', async ({ page }) => {
	const recorded = await changeThenRun(
		page,
		async () => {
			await page.getByTestId('local-model').selectOption('custom');
			await page.getByTestId('local-custom-model').fill(`${HUB_ORIGIN}/${TINY}`);
			await page.getByTestId('local-custom-model').press('Enter');
		},
		new RegExp(`${TINY} @ 127\\.0\\.0\\.1:\\d+ · WebAssembly · q8 · 1 thread: Run`)
	);
	expect(recorded).toMatchObject({ backend: 'wasm', threads: 1, model: { id: `${HUB_ORIGIN}/${TINY}`, dtype: 'q8' } });
});

test('status lines follow the state: what is picked, a failed load, then a new choice and its success', async ({
	page
}) => {
	await page.goto('/');
	const status = page.getByTestId('local-status');
	const pane = page.locator('section.pane[data-engine="local"]');
	await expect(status).toHaveText('Not loaded yet.');
	await expect(pane).toContainText('stories260k (built in) is picked: Run loads it first (or press Load model).');
	await expect(page.getByText('No local model loaded yet')).toHaveCount(0);

	expect(
		await loadLocal(page, { custom: `${HUB_ORIGIN}/${FP32_ONLY}`, backend: 'wasm', dtype: 'q8', threads: 1 })
	).toBe('error');
	await expect(pane).toContainText(`${FP32_ONLY} @ 127.0.0.1:`);
	await expect(pane).toContainText('did not load: the message above says why.');
	// A new choice makes the old error moot: it goes, and the lines say what is picked now.
	await page.getByTestId('local-dtype').selectOption('fp32');
	await expect(page.getByTestId('local-error')).toHaveCount(0);
	await expect(status).toHaveText('Not loaded yet.');
	await page.getByTestId('local-load').click();
	await expect(status).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
	await expect(status).toContainText(/^\s*Ready · loaded in \d+ ms/);
	await expect(page.getByTestId('local-error')).toHaveCount(0);
	await expect(page.getByTestId('local-stale')).toHaveCount(0);
});
