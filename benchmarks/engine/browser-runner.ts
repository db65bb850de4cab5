// Drives one browser page (the raw transformers.js page or the LocalEngine page) for one configuration.
// Each configuration gets its own page: ONNX Runtime fixes its wasm thread count when it first
// initialises, so a page (or worker) never changes threads.
import type { BrowserContext, Page } from '@playwright/test';
import type { EngineRun, LoadOutcome } from './types';

export interface RawVariant {
	label: string;
	/** ONNX Runtime web build for the raw page: asyncify (transformers.js default), plain, jsep, jspi. */
	build: string;
	sessionOptions?: Record<string, unknown>;
	useWasmCache?: boolean;
	/** Run ONNX Runtime in its own proxy worker (env.wasm.proxy). */
	proxy?: boolean;
}

export class PageLoadError extends Error {
	override name = 'PageLoadError';
}

async function openPage(context: BrowserContext, url: string, readyFlag: string, log: string[]): Promise<Page> {
	const page = await context.newPage();
	page.on('console', (m) => {
		if (m.type() === 'error' || m.type() === 'warning') log.push(`[${m.type()}] ${m.text()}`);
	});
	page.on('pageerror', (e) => log.push(`[pageerror] ${e.message}`));
	await page.goto(url);
	try {
		await page.waitForFunction((flag) => (globalThis as Record<string, unknown>)[flag] === true, readyFlag, {
			timeout: 60_000
		});
	} catch {
		throw new PageLoadError(`${url} never became ready; page log:\n${log.slice(-10).join('\n')}`);
	}
	return page;
}

export class RawPageRunner {
	page: Page | null = null;
	readonly log: string[] = [];
	constructor(
		private readonly context: BrowserContext,
		private readonly baseUrl: string,
		readonly variant: RawVariant
	) {}

	async load(modelId: string, dtype: string, threads: number): Promise<LoadOutcome> {
		this.page ??= await openPage(
			this.context,
			`${this.baseUrl}/raw/index.html?build=${this.variant.build}`,
			'rawBenchReady',
			this.log
		);
		const args = {
			modelId,
			dtype,
			threads,
			sessionOptions: this.variant.sessionOptions ?? {},
			useWasmCache: this.variant.useWasmCache ?? true,
			proxy: this.variant.proxy ?? false
		};
		const result = await this.page.evaluate((a) => (globalThis as any).rawBench.load(a), args);
		if (!result.crossOriginIsolated)
			throw new PageLoadError('The raw page is not cross-origin isolated: wasm threads are off.');
		return { loadMs: result.loadMs, threads: result.threads, build: result.build };
	}

	async generate(prompt: string, maxNewTokens: number): Promise<EngineRun> {
		return this.page!.evaluate((a) => (globalThis as any).rawBench.generate(a), { prompt, maxNewTokens });
	}

	async dispose(): Promise<void> {
		await this.page?.close();
		this.page = null;
	}
}

export class AppPageRunner {
	page: Page | null = null;
	readonly log: string[] = [];
	constructor(
		private readonly context: BrowserContext,
		private readonly baseUrl: string,
		/** Start the worker and runtime (LocalEngine.prepare) before the timed load. */
		private readonly prepared = false,
		/** With prepare: let it reserve the wasm heap for the model (the app's default). */
		private readonly reserveHeap = true
	) {}

	async load(modelId: string, dtype: string, threads: number): Promise<LoadOutcome> {
		this.page ??= await openPage(this.context, `${this.baseUrl}/app/index.html`, 'appBenchReady', this.log);
		const args = {
			hubBaseUrl: `${this.baseUrl}/hub/`,
			modelId,
			dtype,
			threads,
			prepare: this.prepared,
			reserveHeap: this.reserveHeap
		};
		const result = await this.page.evaluate((a) => (globalThis as any).appBench.load(a), args);
		return {
			loadMs: result.loadMs,
			threads: result.threads,
			build: String(result.build),
			loadKind: result.loadKind,
			stages: result.stages,
			prepareMs: result.prepareMs ?? undefined,
			reservedBytes: result.reservedBytes ?? undefined
		};
	}

	async generate(prompt: string, maxNewTokens: number): Promise<EngineRun> {
		return this.page!.evaluate((a) => (globalThis as any).appBench.generate(a), { prompt, maxNewTokens });
	}

	async dispose(): Promise<void> {
		await this.page?.close();
		this.page = null;
	}
}
