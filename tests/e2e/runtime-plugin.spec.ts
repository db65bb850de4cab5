// A local runtime is a plug-in: one registered from outside the app's code (a scripted runtime, through
// window.edgewise.runtimes.register, as the app registers ONNX Runtime and llama.cpp) is offered in a local
// slot's Runtime menu with its own precisions, resolved by Auto, timed by the device probe, run, recorded,
// charted and exported, with no code of the app's naming it.
import type { EdgewiseDebugApi } from '../../src/lib/state/debug-api';
import type { ProbeManager } from '../../src/lib/state/probe-manager.svelte';
import { importJson } from '../../src/lib/bench/export';
import { expect, test } from './fixtures';
import { benchmarkOnce, exportedJson, seriesOfCharts } from './fixtures/results';
import { editSlot, includeSlot, slotCard } from './fixtures/slots';

test('a scripted runtime registered in the page is offered, probed, run, charted and exported like the built-in ones', async ({
	page
}) => {
	test.setTimeout(180_000);
	await page.goto('/');
	await page.waitForFunction(() => (window as { edgewise?: EdgewiseDebugApi }).edgewise !== undefined);
	await page.evaluate(() => {
		const api = (window as { edgewise?: EdgewiseDebugApi }).edgewise!;
		const now = () => performance.timeOrigin + performance.now();
		/** Spins for `ms`: a decode step that costs real time on this page's thread. */
		const spin = (ms: number) => {
			const until = performance.now() + ms;
			while (performance.now() < until);
		};
		const threadsText = (n: number) => `${n} thread${n === 1 ? '' : 's'}`;
		api.runtimes.register({
			id: 'scripted',
			label: 'Scripted test runtime',
			shortName: 'Scripted',
			fileFormat: 'txt',
			dtypes: ['s8', 's4'],
			dtypeChoices: () => [
				{ value: 's8', label: 's8 · scripted 8-bit' },
				{ value: 's4', label: 's4 · scripted 4-bit' }
			],
			runnableDtypes: () => ['s8', 's4'],
			prepares: false,
			describeConfig: (c) => `Scripted ${c.dtype}, ${threadsText(c.threads)}`,
			formatName: (dtype) => dtype.toUpperCase(),
			async resolveAuto(selection, context) {
				const rows = context.probe?.measurements.filter((m) => m.runtime === 'scripted') ?? [];
				return rows.length > 0
					? { text: `Auto runs Scripted ${selection.dtype}, measured on this device`, notices: [], measured: true }
					: { text: `Auto runs Scripted ${selection.dtype}, by rule (not measured yet)`, notices: [], measured: false };
			},
			autoChanged: async () => false,
			async createEngine(selection) {
				let controller: AbortController | null = null;
				const stepMs = selection.dtype === 's4' ? 1 : 2;
				return {
					kind: 'local' as const,
					hasChatTemplate: false,
					describe: () => ({
						kind: 'local' as const,
						label: `Scripted ${selection.dtype}`,
						placement: 'device' as const,
						priced: false,
						honours: { stop: false, seed: false, ignoreEos: true },
						model: { id: 'scripted-model', dtype: selection.dtype },
						backend: 'wasm' as const,
						threads: 1,
						runtime: { name: 'scripted', version: '1.0', fileFormat: 'txt', quant: selection.dtype.toUpperCase() }
					}),
					load: async () => ({ loadMs: 1, loadKind: 'warm' as const }),
					cancel: () => controller?.abort(),
					dispose: async () => {},
					unload: async () => {},
					stats: async () => ({ loads: 1 }),
					async generate(request, options = {}) {
						controller = new AbortController();
						const requestMs = now();
						const arrivalsMs: number[] = [];
						let text = '';
						for (let i = 0; i < request.maxNewTokens && !controller.signal.aborted; i++) {
							await new Promise((r) => setTimeout(r, i === 0 ? 2 : stepMs));
							const tMs = now();
							arrivalsMs.push(tMs);
							text += `w${i} `;
							options.onToken?.({ text: `w${i} `, tMs, index: i, tokenIds: [i] });
						}
						return {
							text,
							requestMs,
							arrivalsMs,
							inputTokens: 3,
							outputTokens: arrivalsMs.length,
							tokensSource: 'tokenizer' as const,
							finishReason: controller.signal.aborted ? ('cancelled' as const) : ('length' as const)
						};
					}
				};
			},
			probe: {
				dtypes: ['s4', 's8'],
				webgpuThreads: 'one',
				async subject() {
					let layers = 0;
					return {
						load: async (twin) => void (layers = twin.shape.numLayers),
						// Each step costs 0.5 ms plus 0.25 ms a layer, timed for real: the probe fits that line.
						async decode(steps) {
							const arrivals: number[] = [];
							for (let i = 0; i <= steps; i++) {
								spin(0.5 + 0.25 * layers);
								arrivals.push(performance.now());
							}
							const gaps = arrivals
								.slice(1)
								.map((t, i) => t - arrivals[i]!)
								.sort((a, b) => a - b);
							return gaps[gaps.length >> 1]!;
						},
						unload: async () => {},
						abort: () => {},
						close: () => {}
					};
				}
			}
		});
	});
	expect(await page.evaluate(() => (window as { edgewise?: EdgewiseDebugApi }).edgewise!.runtimes.list())).toEqual([
		'onnxruntime-web',
		'llama.cpp',
		'scripted'
	]);

	// The form offers it, and then only its own precisions.
	await editSlot(page, 'local');
	const card = slotCard(page, 'local');
	await card.getByTestId('local-runtime').selectOption('scripted');
	await expect(card.getByTestId('local-runtime').locator('option:checked')).toHaveText('Scripted test runtime');
	await expect(card.getByTestId('local-dtype').locator('option')).toHaveText([
		's8 · scripted 8-bit',
		's4 · scripted 4-bit',
		'fp32 (this runtime cannot run it: pick another)'
	]);
	await card.getByTestId('local-dtype').selectOption('s4');
	await expect(card.getByTestId('slot-title')).toContainText('Scripted auto s4');
	await expect(card.getByTestId('auto-resolution')).toHaveText('Auto runs Scripted s4, by rule (not measured yet)');

	// The device probe times it through the same runner as the app's runtimes, and Auto reads its rows.
	await page.evaluate(() =>
		(window as unknown as { __edgewiseProbe: ProbeManager }).__edgewiseProbe.measure(
			{ kind: 'default' },
			{ runtimes: ['scripted'] }
		)
	);
	await expect(card.getByTestId('auto-resolution')).toHaveAttribute('data-measured', 'true');
	await expect(card.getByTestId('probe-reason')).toContainText(
		/^Why: Scripted s[48], [12] threads?: [\d.]+ tok\/s \(est\.\)/
	);

	// It runs, is recorded as what ran, charted and exported.
	await card.getByTestId('local-load').click();
	await expect(card.getByTestId('local-status')).toHaveAttribute('data-status', 'ready');
	await expect(card.getByTestId('backend-badge')).toHaveAttribute('data-runtime', 'scripted');
	await expect(card.getByTestId('backend-badge')).toHaveText('Scripted · WebAssembly · 1 thread · s4 (S4)');
	await includeSlot(page, 'cloud', false);
	const record = await benchmarkOnce(page, 'local');
	expect(record.engines.map((e) => [e.id, e.info.runtime?.name, e.info.runtime?.fileFormat])).toEqual([
		['local', 'scripted', 'txt']
	]);
	expect(record.runs.every((r) => r.engineId === 'local' && r.metrics!.decodeTokensPerS! > 0)).toBe(true);
	expect((await seriesOfCharts(page)).some((s) => s?.includes('Scripted s4'))).toBe(true);
	const exported = importJson(await exportedJson(page));
	expect(exported[0]?.engines[0]?.info.runtime).toMatchObject({ name: 'scripted', quant: 'S4' });
});
