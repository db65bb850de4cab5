// Any number of engines side by side, through the UI a person uses: three slots (this device twice, wasm
// q8 on 2 threads and wasm fp32 on 1, and the reference server), set up, reordered by keyboard, kept across
// a reload, benchmarked together; results, charts and export show all three. An export from before
// slots imports. An engine kind registered from outside the app's own code (a scripted engine, through
// window.edgewise) is added as a slot and benchmarked without any change to the runner, results, charts or CLI.
import { importJson } from '../../src/lib/bench/export';
import { readStoredRecords } from '../../src/cli/bench-driver';
import type { EdgewiseDebugApi } from '../../src/lib/state/debug-api';
import { expect, test, type Page } from './fixtures';
import { editSlot, slotCard, useReferenceEndpoint } from './fixtures/slots';
import { benchmarkOnce, exportedJson, seriesOfCharts } from './fixtures/results';

async function setLocal(page: Page, id: string, choice: { dtype: string; threads: number }): Promise<void> {
	const card = slotCard(page, id);
	await card.getByTestId('local-backend').selectOption('wasm');
	await card.getByTestId('local-dtype').selectOption(choice.dtype);
	await card.getByTestId('local-threads').selectOption(String(choice.threads));
}

async function loadSlot(page: Page, id: string): Promise<void> {
	const card = slotCard(page, id);
	await card.getByTestId('local-load').click();
	await expect(card.getByTestId('local-status')).toHaveAttribute('data-status', 'ready', { timeout: 150_000 });
}

test('three slots are set up, reordered by keyboard, kept across a reload, and benchmarked together', async ({
	page
}) => {
	test.setTimeout(600_000);
	await useReferenceEndpoint(page);
	await expect(page.getByTestId('slots')).toHaveAttribute('data-slots', 'local cloud');
	await setLocal(page, 'local', { dtype: 'q8', threads: 2 });

	await page.getByTestId('add-engine-kind').selectOption('local');
	await page.getByTestId('add-engine-button').click();
	await expect(page.getByTestId('slots')).toHaveAttribute('data-slots', 'local cloud local-2');
	await setLocal(page, 'local-2', { dtype: 'fp32', threads: 1 });
	// Keyboard only: focus the new slot's "move up" and press Enter.
	await slotCard(page, 'local-2').getByTestId('slot-up').focus();
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('slots')).toHaveAttribute('data-slots', 'local local-2 cloud');
	await expect(slotCard(page, 'local-2').getByTestId('slot-title')).toContainText('wasm fp32 · 1 thread');

	await page.reload();
	await expect(page.getByTestId('slots')).toHaveAttribute('data-slots', 'local local-2 cloud');
	await expect(slotCard(page, 'local').getByTestId('local-dtype')).toHaveValue('q8');
	await expect(slotCard(page, 'local').getByTestId('local-threads')).toHaveValue('2');
	await expect(slotCard(page, 'local-2').getByTestId('local-dtype')).toHaveValue('fp32');
	await expect(slotCard(page, 'local-2').getByTestId('local-threads')).toHaveValue('1');

	await loadSlot(page, 'local');
	await loadSlot(page, 'local-2');
	const record = await benchmarkOnce(page, 'local local-2 cloud');

	expect(record.status).toBe('complete');
	expect(
		record.engines.map((e) => [e.id, e.info.placement, e.info.model.dtype ?? null, e.info.threads ?? null])
	).toEqual([
		['local', 'device', 'q8', 2],
		['local-2', 'device', 'fp32', 1],
		['cloud', 'remote', null, null]
	]);
	// What each local slot's load took goes with it.
	expect(record.engines.slice(0, 2).map((e) => e.load?.loadMs)).toEqual([expect.any(Number), expect.any(Number)]);
	// One repetition of two cases: every engine ran every case.
	expect(record.runs.map((r) => r.engineId).sort()).toEqual(
		['cloud', 'cloud', 'local', 'local', 'local-2', 'local-2'].sort()
	);
	for (const run of record.runs) expect(run.result.finishReason, run.result.error?.message).not.toBe('error');
	// Break-even for each engine against the first slot.
	expect([...new Set(record.breakEven.map((b) => `${b.aEngineId}>${b.bEngineId}`))].sort()).toEqual([
		'local>cloud',
		'local>local-2'
	]);

	// The page: a summary row per engine and case, every chart's series name all three engines.
	await expect(page.getByRole('table').first().locator('tbody tr')).toHaveCount(6);
	const labels = record.engines.map((e) => e.info.label);
	const series = await seriesOfCharts(page);
	const distributions = series.filter((s) => s?.includes(' runs'));
	expect(distributions.length).toBeGreaterThan(0);
	for (const s of distributions) for (const label of labels) expect(s).toContain(label);

	const exported = importJson(await exportedJson(page));
	expect(exported.find((r) => r.id === record.id)?.engines.map((e) => e.id)).toEqual(['local', 'local-2', 'cloud']);
});

test('an export from before slots imports, with both of its engines', async ({ page }) => {
	await page.goto('/results');
	await page.getByLabel('Import JSON').setInputFiles('src/lib/bench/testing/export-v2-two-engines.json');
	await expect(page.getByTestId('history-item')).toHaveCount(1);
	const [record] = await readStoredRecords(page);
	expect(record?.engines.map((e) => e.id)).toEqual(['local', 'cloud']);
	await expect(page.getByRole('table').first().locator('tbody tr')).toHaveCount(4);
});

test('an engine kind registered through window.edgewise is added, benchmarked, charted and exported', async ({
	page
}) => {
	test.setTimeout(300_000);
	await page.goto('/');
	await page.waitForFunction(() => (window as { edgewise?: EdgewiseDebugApi }).edgewise !== undefined);
	// A scripted engine in the page: 2 ms to the first token, then 1 ms a token; nothing of Edgewise's own.
	await page.evaluate(() => {
		const api = (window as { edgewise?: EdgewiseDebugApi }).edgewise!;
		api.slots.registerKind<{ tpotMs: number }>({
			kind: 'scripted-test',
			label: 'Scripted test engine',
			idPrefix: 'scripted',
			defaultConfig: () => ({ tpotMs: 1 }),
			title: (c) => `Scripted · ${c.tpotMs} ms/token`,
			createEngine: (config) => {
				let controller: AbortController | null = null;
				const now = () => performance.timeOrigin + performance.now();
				const info = {
					kind: 'local' as const,
					label: 'Scripted test engine',
					placement: 'device' as const,
					priced: false,
					honours: { stop: false, seed: false, ignoreEos: true },
					model: { id: 'scripted' }
				};
				return {
					kind: 'local' as const,
					describe: () => info,
					load: async () => ({ loadMs: 1, loadKind: 'warm' as const }),
					cancel: () => controller?.abort(),
					dispose: async () => {},
					async generate(request, options = {}) {
						controller = new AbortController();
						const requestMs = now();
						const arrivalsMs: number[] = [];
						let text = '';
						for (let i = 0; i < request.maxNewTokens; i++) {
							await new Promise((r) => setTimeout(r, i === 0 ? 2 : config.tpotMs));
							const tMs = now();
							arrivalsMs.push(tMs);
							text += `t${i} `;
							options.onToken?.({ text: `t${i} `, tMs, index: i, tokenIds: [i] });
						}
						return {
							text,
							requestMs,
							arrivalsMs,
							inputTokens: 4,
							outputTokens: request.maxNewTokens,
							tokensSource: 'tokenizer' as const,
							finishReason: 'length' as const
						};
					}
				};
			}
		});
	});
	await page.getByTestId('add-engine-kind').selectOption('scripted-test');
	await page.getByTestId('add-engine-button').click();
	await expect(page.getByTestId('slots')).toHaveAttribute('data-slots', 'local cloud scripted');
	await expect(slotCard(page, 'scripted').getByTestId('slot-title')).toHaveText('Scripted · 1 ms/token');
	await slotCard(page, 'scripted').getByTestId('slot-load').click();
	await expect(slotCard(page, 'scripted').getByTestId('slot-status')).toHaveAttribute('data-status', 'ready');
	// Only the scripted slot: the other two are left out of runs.
	for (const id of ['local', 'cloud'])
		await slotCard(page, id).getByRole('checkbox', { name: 'Include in runs' }).setChecked(false);

	const record = await benchmarkOnce(page, 'scripted');
	expect(record.engines.map((e) => [e.id, e.info.label])).toEqual([['scripted', 'Scripted test engine']]);
	expect(record.runs.every((r) => r.engineId === 'scripted' && r.metrics!.decodeTokensPerS! > 0)).toBe(true);
	const series = await seriesOfCharts(page);
	expect(series.some((s) => s?.includes('Scripted test engine runs'))).toBe(true);
	const exported = importJson(await exportedJson(page));
	expect(exported[0]?.engines[0]?.info.label).toBe('Scripted test engine');

	// After a reload the kind is gone (it was registered for that visit): the slot is kept, said unavailable, not run.
	await page.goto('/');
	await expect(slotCard(page, 'scripted')).toContainText('is not available in this version');
});

test('a local slot on llama.cpp runs the built-in model from its GGUF file on the Edgewise build, offline after one load, records the runtime and build, and a switch keeps one live engine', async ({
	page
}) => {
	test.setTimeout(300_000);
	await page.goto('/');
	const card = slotCard(page, 'local');
	await card.getByTestId('local-runtime').selectOption('llama.cpp');
	await card.getByTestId('local-backend').selectOption('wasm');
	await card.getByTestId('local-dtype').selectOption('q8');
	await card.getByTestId('local-threads').selectOption('1');
	await expect(card.getByTestId('slot-title')).toContainText('llama.cpp wasm q8');
	await card.getByTestId('local-load').click();
	await expect(card.getByTestId('local-status')).toHaveAttribute('data-status', 'ready', { timeout: 150_000 });
	await expect(card.getByTestId('backend-badge')).toHaveAttribute('data-runtime', 'llama.cpp');
	// Chromium validates relaxed SIMD and the app is cross-origin isolated: Auto takes the Edgewise build. The
	// precision reads as the file names it (Q8_0), once.
	await expect(card.getByTestId('backend-badge')).toHaveText(
		'llama.cpp · Edgewise build · relaxed SIMD · WebAssembly · 1 thread · Q8_0'
	);
	const live = () => page.evaluate(() => (window as { edgewise?: EdgewiseDebugApi }).edgewise!.local.liveWorkers());
	expect(await live()).toBe(1);

	await slotCard(page, 'cloud').getByRole('checkbox', { name: 'Include in runs' }).setChecked(false);
	await page.getByRole('radio', { name: 'Completion' }).check();
	await page.getByRole('spinbutton', { name: 'Max new tokens' }).fill('8');
	const prompt = page.getByRole('textbox', { name: 'Prompt' });
	await prompt.fill('Hello world, the edge');
	await prompt.press('Control+Enter');
	await expect(page.getByText('Saved to Results.')).toBeVisible({ timeout: 120_000 });
	const [run] = (await readStoredRecords(page)).filter((r) => r.kind === 'run');
	expect(
		run?.engines.map((e) => [e.id, e.info.runtime?.name, e.info.runtime?.fileFormat, e.info.runtime?.quant])
	).toEqual([['local', 'llama.cpp', 'gguf', 'Q8_0']]);
	expect(run?.runs[0]?.result.finishReason).not.toBe('error');
	expect(run?.runs[0]?.result.outputTokens).toBeGreaterThan(0);
	// llama.cpp times itself on this device too: its figure is the runtime's, not a server's.
	const metrics = page.locator('section.pane[data-engine="local"] dl');
	await expect(metrics.locator('[data-metric="server-decode"] dt')).toHaveText(
		/^Runtime’s own timing( · app\/runtime \d+\.\d\d)?$/
	);
	await expect(metrics).not.toContainText(/server/i);
	expect(run?.engines[0]?.info.runtime?.build).toMatchObject({ name: 'edgewise', simd: 'relaxed' });

	// Offline, the loaded build runs again: nothing it needs comes over the network after the one load.
	await page.context().setOffline(true);
	try {
		await prompt.press('Control+Enter');
		await expect
			.poll(async () => (await readStoredRecords(page)).filter((r) => r.kind === 'run').length, { timeout: 120_000 })
			.toBe(2);
		const offline = (await readStoredRecords(page)).filter((r) => r.kind === 'run');
		for (const r of offline) {
			expect(r.runs[0]?.result.finishReason).not.toBe('error');
			expect(r.engines[0]?.info.runtime?.build?.name).toBe('edgewise');
		}
	} finally {
		await page.context().setOffline(false);
	}

	// Back to ONNX Runtime: the slot's llama.cpp engine is released before the new one loads. The slot folded
	// once loaded: Edit opens its form.
	await editSlot(page, 'local');
	await card.getByTestId('local-runtime').selectOption('onnxruntime-web');
	await card.getByTestId('local-load').click();
	await expect(card.getByTestId('local-status')).toHaveAttribute('data-status', 'ready', { timeout: 150_000 });
	await expect(card.getByTestId('backend-badge')).toHaveAttribute('data-runtime', 'onnxruntime-web');
	expect(await live()).toBe(1);
});
