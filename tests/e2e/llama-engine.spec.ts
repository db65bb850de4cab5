// LlamaCppEngine (llama.cpp in wasm through @wllama/wllama) in the built app, driven through its debug
// API (window.edgewise.llama, src/lib/state/debug-api-llama.ts) on the default model's GGUF files,
// which the app serves: greedy ids against the reference forward pass at 1 and 2 threads, cancel mid-run,
// unload, what describe() records, and the clear message for a token that is not valid UTF-8 on its own.
// The fixtures fail any test that sent a request to another origin (wllama's CDN compat build included).
//
// Tolerances, as for node-llama-cpp (tests/integration/gguf-llama-cpp.test.ts): llama.cpp runs with its
// defaults here (F16 KV cache; Q8_0 activations for quantized weights), so F32 must equal the reference's
// greedy ids wherever the reference's best leads its runner-up by more than GAP_TOLERANCE, and every
// choice must be within GAP_TOLERANCE of the reference's best, the reference fed llama.cpp's own tokens.
import { test, expect, HUB_ORIGIN, waitForServiceWorkerControl, type Page } from './fixtures';
import { PROMPT } from './fixtures/local';
import { UTF8_TRAP } from './fixtures/hub-server';
import { at, must } from '../../src/lib/bench/testing/must';
import { ggufReferenceWeights } from '../../src/lib/models/synthetic/gguf-reference';
import type { GgufQuant } from '../../src/lib/models/synthetic/gguf';
import { forward, positionIdsFromMask, type KvCache } from '../../src/lib/models/synthetic/reference';
import { argmax } from '../../src/lib/models/synthetic/reference-math';
import { SHAPES } from '../../src/lib/models/synthetic/shapes';
import type { EngineInfo, GenerationResult } from '../../src/lib/engine/types';
import type { LlamaBuildChoice } from '../../src/lib/engine/llama/protocol';

/** What describe() records for each build: Auto is the Edgewise relaxed-SIMD build in Chromium. */
const BUILDS = {
	auto: {
		version: /^c392e509$/,
		build: 'edgewise-relaxed-c392e509',
		label: 'llama.cpp · Edgewise build · relaxed SIMD'
	},
	wllama: { version: /^b\d+/, build: 'wllama-3.13.0', label: 'llama.cpp · wllama 3.13.0' }
} as const;

const TOKENS = 12;
const GAP_TOLERANCE = 4e-2;
const fileOf = (quant: GgufQuant) => `/models/edgewise-tiny/model-${quant}.gguf`;

async function promptIds(): Promise<number[]> {
	const { AutoTokenizer, env } = await import('@huggingface/transformers');
	env.localModelPath = 'static/models/';
	env.allowRemoteModels = false;
	const tokenizer = await AutoTokenizer.from_pretrained('edgewise-tiny');
	return tokenizer.encode(PROMPT);
}

/** Per step: llama.cpp's token, the reference's best, how far below the best it is, and the best's lead. */
async function againstReference(quant: GgufQuant, tokens: number[]) {
	const weights = ggufReferenceWeights(SHAPES.tiny, 1, quant);
	const prompt = await promptIds();
	const maskRow = prompt.map(() => 1);
	let stepIds = prompt;
	let cache: KvCache | undefined;
	return tokens.map((id) => {
		const step = forward(weights, {
			inputIds: [stepIds],
			attentionMask: [maskRow],
			positionIds: positionIdsFromMask([maskRow], stepIds.length),
			cache
		});
		cache = step.cache;
		const row = must(at(step.logits, 0).at(-1), 'logits at the last position');
		stepIds = [id];
		maskRow.push(1);
		const scale = Math.max(...Array.from(row, Math.abs));
		const best = argmax(row);
		const sorted = Array.from(row).sort((a, b) => b - a);
		return { id, best, gap: (at(row, best) - at(row, id)) / scale, lead: (at(sorted, 0) - at(sorted, 1)) / scale };
	});
}

interface RunOutput {
	info: EngineInfo;
	result: GenerationResult;
	tokenEvents: number;
	stats: { liveModels: number; loads: number };
	progress: string[];
}

/** Creates an engine in the page, loads `urls`, runs one greedy completion, and reports. */
async function runInPage(
	page: Page,
	urls: string[],
	threads: number,
	maxNewTokens = TOKENS,
	cancelAfter?: number,
	backend: 'wasm' | 'webgpu' | 'auto' = 'wasm',
	build: LlamaBuildChoice = 'auto'
): Promise<RunOutput> {
	return page.evaluate(
		async ({ urls, threads, maxNewTokens, prompt, cancelAfter, backend, build }) => {
			const engine = await window.edgewise!.llama.create({ urls, threads, backend, build, tokenIds: true });
			(window as unknown as { __llamaUnderTest: unknown }).__llamaUnderTest = engine;
			const progress: string[] = [];
			await engine.load((p) => progress.push(p.status));
			let tokenEvents = 0;
			const result = await engine.generate(
				{ input: { mode: 'completion', prompt }, maxNewTokens, temperature: 0, ignoreEos: true },
				{
					onToken: () => {
						tokenEvents++;
						if (tokenEvents === cancelAfter) engine.cancel();
					}
				}
			);
			return { info: engine.describe(), result, tokenEvents, stats: await engine.stats(), progress };
		},
		{ urls, threads, maxNewTokens, prompt: PROMPT, cancelAfter, backend, build }
	);
}

test.describe('LlamaCppEngine in Chromium (wasm)', () => {
	test.beforeEach(async ({ page }) => {
		await page.goto('/');
		expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
		await page.waitForFunction(() => Boolean(window.edgewise?.llama));
	});

	const runs = [
		...[1, 2].map((threads) => ({ threads, build: 'auto' as const })),
		{ threads: 1, build: 'wllama' as const }
	];
	for (const { threads, build } of runs) {
		for (const quant of ['f32', 'q8_0', 'q4_0'] as const) {
			test(`${build} build, ${quant}, ${threads} thread(s): greedy ids against the reference`, async ({ page }) => {
				const { info, result, tokenEvents, progress } = await runInPage(
					page,
					[fileOf(quant)],
					threads,
					TOKENS,
					undefined,
					'wasm',
					build
				);
				expect(result.error).toBeUndefined();
				expect(result.finishReason).toBe('length');
				expect(result.outputTokens).toBe(TOKENS);
				expect(result.tokenIds).toHaveLength(TOKENS);
				expect(result.arrivalsMs).toHaveLength(tokenEvents);
				expect(result.inputTokens).toBe((await promptIds()).length);
				for (let i = 1; i < result.arrivalsMs.length; i++)
					expect(at(result.arrivalsMs, i)).toBeGreaterThanOrEqual(at(result.arrivalsMs, i - 1));
				expect(result.serverTimings?.decodeTokensPerS).toBeGreaterThan(0);
				expect(result.serverTimings?.promptMs).toBeGreaterThan(0);
				expect(progress).toContain('total');

				expect(info.runtime).toMatchObject({ name: 'llama.cpp', fileFormat: 'gguf', quant: quant.toUpperCase() });
				expect(info.runtime?.version).toMatch(BUILDS[build].version);
				expect(info.runtime?.build?.label).toBe(BUILDS[build].label);
				expect(info).toMatchObject({
					backend: 'wasm',
					threads,
					build: BUILDS[build].build,
					model: { dtype: quant.toUpperCase() }
				});

				const steps = await againstReference(quant, result.tokenIds!);
				for (const s of steps) {
					expect(s.gap).toBeLessThanOrEqual(GAP_TOLERANCE);
					if (s.lead > GAP_TOLERANCE) expect(s.id).toBe(s.best);
				}
			});
		}
	}

	// llama.cpp's WebGPU backend (in wllama 3.13's one wasm) registers no device on Chromium's software
	// adapter (SwiftShader) here: asked for WebGPU, the engine says so and records the wasm it runs on.
	test('auto never picks the software WebGPU adapter; asked for, the engine records that llama.cpp ran on wasm', async ({
		page
	}) => {
		const auto = await runInPage(page, [fileOf('f32')], 1, 2, undefined, 'auto');
		expect(auto.info.backend).toBe('wasm');
		expect(auto.info.notices?.join(' ')).toMatch(/only WebGPU adapter is a software one/);
		const gpu = await runInPage(page, [fileOf('f32')], 1, 6, undefined, 'webgpu');
		expect(gpu.result.error).toBeUndefined();
		expect(gpu.info.backend).toBe('wasm');
		expect(gpu.info.notices?.join(' ')).toMatch(
			/llama.cpp found no WebGPU device it can use on this adapter \(swiftshader\)/
		);
		const steps = await againstReference('f32', gpu.result.tokenIds!);
		for (const s of steps) {
			expect(s.gap).toBeLessThanOrEqual(GAP_TOLERANCE);
			if (s.lead > GAP_TOLERANCE) expect(s.id).toBe(s.best);
		}
	});

	test('cancel mid-run stops early; unload frees the model; a second load comes from the cache', async ({ page }) => {
		const { result, stats } = await runInPage(page, [fileOf('q8_0')], 1, 400, 3);
		expect(result.finishReason).toBe('cancelled');
		expect(result.outputTokens).toBeLessThan(400);
		expect(result.arrivalsMs.length).toBeGreaterThanOrEqual(3);
		expect(stats.liveModels).toBe(1);
		const after = await page.evaluate(async () => {
			const engine = (
				window as unknown as { __llamaUnderTest: import('../../src/lib/engine/llama/llama-engine').LlamaCppEngine }
			).__llamaUnderTest;
			await engine.unload();
			const unloaded = await engine.stats();
			const again = await engine.load();
			const run = await engine.generate({
				input: { mode: 'completion', prompt: 'Hi' },
				maxNewTokens: 4,
				temperature: 0,
				ignoreEos: true
			});
			await engine.dispose();
			return { unloaded, again, run };
		});
		expect(after.unloaded.liveModels).toBe(0);
		expect(after.again.loadKind).toBe('warm');
		expect(after.run.outputTokens).toBe(4);
	});

	test('offline after a reload: the Edgewise build and wllama.wasm from the precache, the GGUF from the cache', async ({
		page,
		context
	}) => {
		await waitForServiceWorkerControl(page);
		const precached = await page.evaluate(async () => {
			const names = await caches.keys();
			const urls = (
				await Promise.all(names.map(async (n) => (await (await caches.open(n)).keys()).map((r) => r.url)))
			).flat();
			return urls.filter((u) => /wllama.*\.wasm|llama-wasm\/.*\.(wasm|js)/.test(u)).map((u) => new URL(u).pathname);
		});
		expect(precached.filter((u) => /wllama/.test(u))).toHaveLength(1);
		for (const flavour of ['relaxed', 'simd128'])
			for (const file of ['edgewise-llama.js', 'edgewise-llama.wasm', 'edgewise-llama.worker.js'])
				expect(precached.some((u) => u.startsWith(`/llama-wasm/${flavour}/${file}`))).toBe(true);
		const first = await runInPage(page, [fileOf('q4_0')], 1, 4);
		expect(first.result.outputTokens).toBe(4);
		await context.setOffline(true);
		try {
			await page.reload();
			await page.waitForFunction(() => Boolean(window.edgewise?.llama));
			const offline = await runInPage(page, [fileOf('q4_0')], 1, 4);
			expect(offline.result.error).toBeUndefined();
			expect(offline.info.runtime?.build?.name).toBe('edgewise');
			expect(offline.result.tokenIds).toEqual(first.result.tokenIds);
		} finally {
			await context.setOffline(false);
		}
	});

	test('a cached GGUF model is listed on the Models page with its file and size, and deleted', async ({ page }) => {
		const loaded = await page.evaluate(async () => {
			const engine = await window.edgewise!.llama.create({ source: { kind: 'default' }, dtype: 'q8', backend: 'wasm' });
			await engine.load();
			const bytes = engine.describe().model.bytes;
			await engine.dispose();
			return bytes;
		});
		await page.goto('/models');
		// The built-in default, stories260k (its GGUF files are served by the app like edgewise-tiny's).
		const row = page.locator('tr[data-model-id="stories260k"][data-format="gguf"]');
		await expect(row).toContainText('1 GGUF');
		await expect(page.getByTestId('cached-files')).toHaveText(/^model-q8_0\.gguf \(\d+ kB\)$/);
		expect(loaded).toBeGreaterThan(0);
		await row.getByRole('button', { name: 'Delete stories260k (GGUF)' }).click();
		await expect(page.getByTestId('library-message')).toContainText('Deleted stories260k (1 file)');
		await expect(row).toHaveCount(0);
		await expect(page.getByTestId('cached-files')).toHaveCount(0);
		const left = await page.evaluate(async () => (await (await caches.open('edgewise-gguf-v1')).keys()).length);
		expect(left).toBe(0);
	});

	test('Edgewise build: a token that is not valid UTF-8 on its own is held until its character completes', async ({
		page
	}) => {
		const { result, info } = await runInPage(page, [`${HUB_ORIGIN}/${UTF8_TRAP}/resolve/main/model-f32.gguf`], 1, 16);
		expect(info.runtime?.build?.name).toBe('edgewise');
		expect(result.error).toBeUndefined();
		expect(result.finishReason).toBe('length');
		expect(result.outputTokens).toBe(16);
		expect(result.tokenIds).toHaveLength(16);
	});

	test('wllama build: a token that is not valid UTF-8 on its own ends the run with a clear message, not a crash', async ({
		page
	}) => {
		const { result, stats } = await runInPage(
			page,
			[`${HUB_ORIGIN}/${UTF8_TRAP}/resolve/main/model-f32.gguf`],
			1,
			16,
			undefined,
			'wasm',
			'wllama'
		);
		expect(result.finishReason).toBe('error');
		expect(result.error?.name).toBe('LlamaInvalidUtf8Error');
		expect(result.error?.message).toMatch(/not valid UTF-8 on its own/);
		expect(result.error?.message).toMatch(/load it again/);
		// The worker is still there to answer, and freed llama.cpp, whose state after the failure is unknown.
		expect(stats).toEqual({ liveModels: 0, loads: 1 });
		const reloaded = await page.evaluate(async (url) => {
			const engine = (
				window as unknown as { __llamaUnderTest: import('../../src/lib/engine/llama/llama-engine').LlamaCppEngine }
			).__llamaUnderTest;
			engine.options.urls.splice(0, 1, url);
			await engine.load();
			const run = await engine.generate({
				input: { mode: 'completion', prompt: 'Hi' },
				maxNewTokens: 4,
				temperature: 0,
				ignoreEos: true
			});
			await engine.dispose();
			return run;
		}, fileOf('f32'));
		expect(reloaded.error).toBeUndefined();
		expect(reloaded.outputTokens).toBe(4);
	});

	// wllama renders the GGUF's Jinja template (SmolLM2's adds a default system turn); the Edgewise build uses
	// llama.cpp's built-in templates (llama_chat_apply_template: ChatML here, with no default system turn).
	for (const [build, minInputTokens] of [
		['auto', 8],
		['wllama', 21]
	] as const) {
		test(`${build} build: chat mode goes through the GGUF chat template`, async ({ page }) => {
			const out = await page.evaluate(
				async ({ url, build }) => {
					const engine = await window.edgewise!.llama.create({ urls: [url], backend: 'wasm', build });
					await engine.load();
					const messages = [{ role: 'user' as const, content: 'Hello' }];
					const chat = await engine.generate({
						input: { mode: 'chat', messages },
						maxNewTokens: 6,
						temperature: 0,
						ignoreEos: true
					});
					const plain = await engine.generate({
						input: { mode: 'completion', prompt: 'Hello' },
						maxNewTokens: 1,
						temperature: 0,
						ignoreEos: true
					});
					const chatTemplate = engine.hasChatTemplate;
					await engine.dispose();
					return { chat, plain, chatTemplate };
				},
				{ url: fileOf('q8_0'), build }
			);
			expect(out.chatTemplate).toBe(true);
			expect(out.chat.error).toBeUndefined();
			expect(out.chat.outputTokens).toBe(6);
			expect(out.chat.inputTokens).toBeGreaterThanOrEqual(minInputTokens);
			expect(out.chat.inputTokens).toBeGreaterThan(out.plain.inputTokens! + 4);
		});
	}

	test('a missing file and a file that is not GGUF are named clearly', async ({ page }) => {
		const outcome = await page.evaluate(async () => {
			const names: string[] = [];
			for (const url of ['/models/edgewise-tiny/model-nope.gguf', '/models/edgewise-tiny/config.json']) {
				const engine = await window.edgewise!.llama.create({ urls: [url], backend: 'wasm' });
				try {
					await engine.load();
					names.push('loaded');
				} catch (error) {
					names.push(`${(error as Error).name}: ${(error as Error).message}`);
				}
				await engine.dispose();
			}
			return names;
		});
		expect(outcome[0]).toMatch(/^GgufFetchError: .*model-nope\.gguf was not found \(HTTP 404\)/);
		expect(outcome[1]).toMatch(/^NotAGgufError: .*not a GGUF file/);
	});
});
