// The device probe in the real browser: on this machine (2 cores, Chromium's software WebGPU adapter) it
// times WebAssembly only, on both runtimes (ONNX Runtime on ONNX twins, llama.cpp on GGUF twins), says why
// WebGPU was skipped, and a Run with Auto then runs and records what the probe chose for the slot's
// runtime: wasm, its threads and its precision, with the probe's figures in the device report. The panel
// names the fastest runtime here and switches the slot to it in one click.
import { readFile } from 'node:fs/promises';
import { importJson } from '../../src/lib/bench/export';
import { at } from '../../src/lib/bench/testing/must';
import { expect, test, type Page } from './fixtures';
import { editLocal } from './fixtures/local';
import { includeSlot } from './fixtures/slots';

const pane = (page: Page) => page.locator('section.pane[data-engine="local"]');

interface ProbeRow {
	runtime: string;
	device: string;
	dtype: string;
	threads: number;
	estimatedStepMs: number;
	estimatedTokensPerS: number;
	timings: { layers: number; stepMs: number }[];
}
interface StoredProbe {
	runtimes: string[];
	choice: ProbeRow;
	measurements: ProbeRow[];
	skipped: { runtime?: string; device: string; reason: string }[];
}

const fastestOf = (rows: ProbeRow[]) => rows.reduce((a, b) => (b.estimatedStepMs < a.estimatedStepMs ? b : a));

async function storedProbes(page: Page): Promise<StoredProbe[]> {
	return page.evaluate(() =>
		Object.keys(localStorage)
			.filter((k) => k.startsWith('edgewise:probe:'))
			.map((k) => JSON.parse(localStorage.getItem(k)!))
	);
}

test('the probe times both runtimes on WebAssembly over the software adapter, says why, and Run with Auto uses its choice', async ({
	page
}) => {
	test.setTimeout(420_000);
	await page.goto('/');
	await expect(page.getByTestId('local-backend')).toHaveValue('auto');
	// Before any measurement Auto goes by rule, and already never onto the software adapter.
	const resolution = page.getByTestId('auto-resolution');
	await expect(resolution).toHaveAttribute('data-measured', 'false');
	await expect(resolution).toContainText(/^Auto runs WebAssembly fp32, \d threads?, by rule/);
	await expect(page.getByTestId('auto-probe')).toContainText(
		'Auto skipped WebGPU: the only adapter is a software one (google swiftshader)'
	);

	// A model loaded by rule before the probe: wasm, the default fp32, every thread the page may use.
	await page.getByTestId('local-load').click();
	await expect(page.getByTestId('local-status')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
	await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-threads', /^[1-4]$/);

	// A loaded slot's form folds to one line: Edit opens it again, with the probe.
	await editLocal(page);
	await page.getByTestId('probe-run').click();
	await expect(page.getByTestId('probe-progress')).toBeVisible();
	await expect(page.getByTestId('probe-reason')).toBeVisible({ timeout: 300_000 });
	await expect(page.getByTestId('probe-reason')).toContainText(
		'WebGPU: skipped, software adapter (google swiftshader)'
	);
	await expect(page.getByTestId('probe-reason')).toContainText(
		/^Why: (WebAssembly (q8|fp32|q4)|llama\.cpp (Q8_0|Q4_0|F32)), \d threads?: [\d.]+ tok\/s \(est\.\), fastest of \d+ measured; fastest on (ONNX Runtime|llama\.cpp): /
	);

	const stored = at(await storedProbes(page), 0);
	expect(stored.runtimes).toEqual(['onnxruntime-web', 'llama.cpp']);
	// llama.cpp was timed on GGUF twins of the built-in model's width: rows with figures, each fitted over both depths.
	const llamaRows = stored.measurements.filter((m) => m.runtime === 'llama.cpp');
	expect(llamaRows.length).toBeGreaterThan(0);
	expect(new Set(llamaRows.map((m) => m.dtype))).toContain('q4');
	for (const m of llamaRows) {
		expect(m.device).toBe('wasm');
		expect(m.timings.map((t) => t.layers)).toEqual([1, 4]);
		expect(m.timings.every((t) => t.stepMs > 0)).toBe(true);
		expect(m.estimatedTokensPerS).toBeGreaterThan(0);
	}
	expect(stored.skipped.filter((s) => s.runtime === 'llama.cpp' && /failed/.test(s.reason))).toEqual([]);
	// The ONNX Runtime slot's Auto follows ONNX Runtime's rows; the overall choice may be either runtime's.
	const ortRows = stored.measurements.filter((m) => m.runtime === 'onnxruntime-web');
	expect(stored.choice).toMatchObject({ ...fastestOf(stored.measurements) });
	const probe = { ...stored, choice: fastestOf(ortRows), measurements: ortRows };
	// Every configuration timed is listed with its estimate.
	await expect(page.getByTestId('probe-figures').locator('li').filter({ hasText: 'tok/s' })).toHaveCount(
		stored.measurements.length
	);
	expect(probe.choice.device).toBe('wasm');
	expect(probe.measurements.every((m) => m.device === 'wasm')).toBe(true);
	// 1 thread and every thread this page may use, for each precision unless pruned.
	const threads = await page.evaluate(() => Math.min(navigator.hardwareConcurrency, 4));
	expect(new Set(probe.measurements.map((m) => m.threads))).toContain(1);
	if (threads > 1)
		expect([...probe.measurements.map((m) => m.threads), ...probe.skipped.map(() => threads)]).toContain(threads);

	// Auto now follows the measurement, and the precision left on its default became the probe's pick.
	await expect(resolution).toHaveAttribute('data-measured', 'true');
	await expect(page.getByTestId('local-dtype')).toHaveValue(probe.choice.dtype);
	const config = `WebAssembly ${probe.choice.dtype}, ${probe.choice.threads} thread${probe.choice.threads === 1 ? '' : 's'}`;
	await expect(resolution).toContainText(`Auto runs ${config}: `);
	// The model loaded by rule was unloaded (even where Auto now means the same): Run loads the measured choice,
	// so the result records the probe that chose it.
	await expect(page.getByTestId('local-status')).toHaveAttribute('data-status', 'idle');

	const form = page.getByRole('form', { name: 'Prompt' });
	await form.getByRole('spinbutton', { name: 'Max new tokens' }).fill('8');
	await includeSlot(page, 'local', true);
	await includeSlot(page, 'cloud', false);
	await page.getByRole('radio', { name: 'Plain completion' }).check();
	await page.getByRole('textbox', { name: 'Prompt' }).fill('Hello');
	await page.getByRole('textbox', { name: 'Prompt' }).press('Control+Enter');
	await expect(pane(page).getByRole('status')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
	const badge = page.getByTestId('backend-badge');
	await expect(badge).toHaveAttribute('data-backend', 'wasm');
	await expect(badge).toHaveAttribute('data-threads', String(probe.choice.threads));
	await expect(badge).toContainText(probe.choice.dtype);

	// The saved result records what ran, and the device report keeps the probe that chose it.
	await expect(page.getByRole('status').filter({ hasText: 'Saved to Results' })).toBeVisible();
	await page.goto('/results');
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Export JSON' }).click()
	]);
	const record = at(importJson(await readFile((await download.path())!, 'utf8')), 0);
	const local = record.engines.find((e) => e.info.kind === 'local')!.info;
	expect([local.backend, local.threads, local.model.dtype]).toEqual(['wasm', probe.choice.threads, probe.choice.dtype]);
	expect(record.device.probe?.choice).toMatchObject({
		runtime: stored.choice.runtime,
		device: 'wasm',
		dtype: stored.choice.dtype,
		threads: stored.choice.threads
	});
	expect(record.device.probe?.measurements.filter((m) => m.runtime === 'llama.cpp')).toHaveLength(llamaRows.length);
	expect(record.device.probe?.skipped).toContainEqual({
		device: 'webgpu',
		reason: 'software adapter (google swiftshader)'
	});
	// The probe's twins are gone from the cache once it is done.
	const left = await page.evaluate(
		async () => (await (await caches.open('transformers-cache')).keys()).filter((r) => r.url.includes('/probe-')).length
	);
	expect(left).toBe(0);

	// The panel names the fastest runtime x format x threads; a slot on the other runtime gets a one-click switch.
	await page.goto('/');
	const fastest = page.getByTestId('probe-fastest');
	await expect(fastest).toHaveAttribute('data-runtime', stored.choice.runtime);
	const describe = (m: ProbeRow) =>
		m.runtime === 'llama.cpp'
			? `llama.cpp ${{ q4: 'Q4_0', q8: 'Q8_0', fp32: 'F32' }[m.dtype]}, ${m.threads} thread${m.threads === 1 ? '' : 's'}`
			: `WebAssembly ${m.dtype}, ${m.threads} thread${m.threads === 1 ? '' : 's'}`;
	await expect(fastest).toContainText(`Fastest here for this model: ${describe(stored.choice)}`);
	const runtime = page.getByTestId('local-runtime');
	const llamaWins = stored.choice.runtime === 'llama.cpp';
	// Put the slot on the runtime that lost, so the switch is offered.
	if (!llamaWins) await runtime.selectOption('llama.cpp');
	await expect(fastest).toContainText(`this slot runs ${llamaWins ? 'ONNX Runtime' : 'llama.cpp'}`);
	const quant = { q4: 'Q4_0', q8: 'Q8_0', fp32: 'F32' }[stored.choice.dtype];
	const use = page.getByTestId('probe-use-fastest');
	await expect(use).toHaveText(llamaWins ? `Use llama.cpp ${quant}` : `Use ONNX Runtime ${stored.choice.dtype}`);
	await use.click();
	await expect(runtime).toHaveValue(stored.choice.runtime);
	await expect(page.getByTestId('local-dtype')).toHaveValue(stored.choice.dtype);
	await expect(use).toHaveCount(0);
	// Auto on that runtime now runs the measured configuration, and says so.
	await expect(resolution).toHaveAttribute('data-measured', 'true');
	await expect(resolution).toContainText(`Auto runs ${describe(stored.choice)}: `);
});

test('the probe can be cancelled; Auto keeps going by rule', async ({ page }) => {
	await page.goto('/');
	await page.getByTestId('probe-run').click();
	await expect(page.getByTestId('probe-progress')).toBeVisible();
	await page.getByTestId('probe-cancel').click();
	await expect(page.getByTestId('probe-error')).toContainText('cancelled');
	await expect(page.getByTestId('probe-run')).toHaveText('Measure this device');
	await expect(page.getByTestId('auto-resolution')).toHaveAttribute('data-measured', 'false');
	expect(await storedProbes(page)).toEqual([]);
});
