// Drives the built app in Chromium for a benchmark: the local side runs the real browser path (worker,
// transformers.js, onnxruntime-web), the cloud side the app's CloudEngine, the runner the app's own.
// Shared by `npm run bench` and the results e2e specs, so both exercise exactly the same flow.
import type { Page } from '@playwright/test';
import type { ModelSource } from '../lib/models/sources';
import { ResultRecordSchema, type ResultRecord } from '../lib/bench/schema';
import { RESULTS_DB_NAME } from '../lib/bench/results-store';

export class BenchDriverError extends Error {
	override name = 'BenchDriverError';
}

export interface LocalSetup {
	source: ModelSource;
	backend: 'auto' | 'wasm' | 'webgpu';
	dtype: string;
	threads: number | null;
}

export interface CloudSetup {
	/** OpenAI-compatible base URL, e.g. http://127.0.0.1:4174/v1 */
	baseUrl: string;
	model: string;
	/** Shown as the engine's label, e.g. "Reference server". */
	name?: string;
	apiKey?: string;
	/** List prices, US dollars per 1M tokens, for the cost estimate. */
	inputUsdPerMTokens?: number;
	outputUsdPerMTokens?: number;
}

/**
 * Persists the choices where the app's managers read them (localStorage: local-engine.svelte.ts,
 * endpoints.svelte.ts, benchmark.svelte.ts), then reloads so they take effect.
 */
export async function seedSettings(
	page: Page,
	appUrl: string,
	local: LocalSetup,
	bench: { suiteId: string; repetitions: number },
	cloud: CloudSetup | null
): Promise<void> {
	await page.goto(appUrl);
	await page.evaluate(
		({ local, bench, cloud }) => {
			localStorage.setItem('edgewise:local-selection', JSON.stringify(local));
			localStorage.setItem('edgewise:benchmark', JSON.stringify(bench));
			if (cloud) {
				const endpoint = {
					id: 'bench',
					name: cloud.name ?? 'Benchmark endpoint',
					presetId: 'edgewise',
					baseUrl: cloud.baseUrl,
					model: cloud.model,
					inputUsdPerMTokens: cloud.inputUsdPerMTokens ?? 0,
					outputUsdPerMTokens: cloud.outputUsdPerMTokens ?? 0
				};
				localStorage.setItem('edgewise:endpoints', JSON.stringify({ endpoints: [endpoint], selectedId: 'bench' }));
				// The app keeps keys apart from endpoints, on the device only; the record never sees it.
				localStorage.setItem(
					'edgewise-device-only:endpoint-keys',
					JSON.stringify(cloud.apiKey ? { bench: cloud.apiKey } : {})
				);
			}
		},
		{ local, bench, cloud }
	);
	await page.reload();
}

/** Clicks Load on the Compare page and waits until the local engine is ready (or says why not). */
export async function loadLocal(page: Page, timeoutMs: number): Promise<void> {
	await page.getByTestId('local-load').click();
	const status = page.getByTestId('local-status');
	const error = page.getByTestId('local-error');
	await Promise.race([
		status.and(page.locator('[data-status="ready"]')).waitFor({ timeout: timeoutMs }),
		error.waitFor({ timeout: timeoutMs }).then(async () => {
			throw new BenchDriverError(`The local model did not load: ${await error.textContent()}`);
		})
	]);
}

/** Client-side navigation, so the loaded engines (in-memory managers) stay. */
export async function openResults(page: Page): Promise<void> {
	await page.locator('a[href$="/results"]').first().click();
	await page.getByTestId('benchmark-panel').waitFor();
}

export async function runBenchmarkInUi(
	page: Page,
	timeoutMs: number,
	expect: { local: boolean; cloud: boolean }
): Promise<ResultRecord> {
	const panel = page.getByTestId('benchmark-panel');
	// The panel lists the ids of the slots whose engine is ready, in slot order.
	const ready = ((await panel.getAttribute('data-ready')) ?? '').split(' ');
	for (const side of ['local', 'cloud'] as const)
		if (expect[side] && !ready.includes(side))
			throw new BenchDriverError(`The ${side} engine is not ready in the app; set it up on the Compare page first.`);
	const before = new Set((await readStoredRecords(page)).map((r) => r.id));
	await page.getByTestId('benchmark-run').click();
	const status = page.getByTestId('benchmark-status');
	const error = panel.getByRole('alert');
	await Promise.race([
		status.waitFor({ timeout: timeoutMs }),
		error.waitFor({ timeout: timeoutMs }).then(async () => {
			throw new BenchDriverError(`The benchmark failed in the app: ${await error.textContent()}`);
		})
	]);
	const added = (await readStoredRecords(page)).filter((r) => !before.has(r.id) && r.kind === 'benchmark');
	const [record] = added;
	if (added.length !== 1 || !record)
		throw new BenchDriverError(`Expected one new benchmark in the results store, found ${added.length}.`);
	return record;
}

/** Every record in the app's IndexedDB, read with the raw API (never creating the database). */
export async function readStoredRecords(page: Page): Promise<ResultRecord[]> {
	const raw = await page.evaluate(async (dbName) => {
		const names = (await indexedDB.databases()).map((d) => d.name);
		if (!names.includes(dbName)) return [];
		return new Promise<unknown[]>((resolve, reject) => {
			const open = indexedDB.open(dbName);
			open.onerror = () => reject(open.error);
			open.onsuccess = () => {
				const db = open.result;
				if (!db.objectStoreNames.contains('results')) {
					db.close();
					resolve([]);
					return;
				}
				const req = db.transaction('results').objectStore('results').getAll();
				req.onsuccess = () => {
					db.close();
					resolve(req.result);
				};
				req.onerror = () => reject(req.error);
			};
		});
	}, RESULTS_DB_NAME);
	return raw.map((r) => ResultRecordSchema.parse(r));
}
