// Cancel mid-generation then generate again; switching backend and model repeatedly releases the old
// engine (its worker ends, so its ONNX sessions go with it) and leaves exactly one live session.
import { test, expect, HUB_ORIGIN } from './fixtures';
import { generateInPage, greedyRequest, loadLocal, nodeGreedyIds } from './fixtures/local';
import { ASYNCIFY_BUILD, PLAIN_BUILD } from '../../src/lib/engine/local/backend';

test('cancel mid-generation, then generate again', async ({ page }) => {
	await page.goto('/');
	expect(await loadLocal(page, { backend: 'wasm', dtype: 'q8', threads: 2 })).toBe('ready');
	const cancelled = await page.evaluate(async () => {
		const engine = (
			window as unknown as { __edgewiseLocal: { engine: import('../../src/lib/engine/types').InferenceEngine } }
		).__edgewiseLocal.engine;
		const seen: number[] = [];
		const result = await engine.generate(
			{ input: { mode: 'completion', prompt: 'Hello' }, maxNewTokens: 1500, temperature: 0, ignoreEos: true },
			{ onToken: (t) => (seen.push(t.index), t.index === 4 && engine.cancel()) }
		);
		return {
			finishReason: result.finishReason,
			outputTokens: result.outputTokens,
			seen: seen.length,
			arrivals: result.arrivalsMs.length
		};
	});
	expect(cancelled.finishReason).toBe('cancelled');
	expect(cancelled.outputTokens).toBeGreaterThanOrEqual(5);
	expect(cancelled.outputTokens).toBeLessThan(1500);
	expect(cancelled.arrivals).toBe(cancelled.outputTokens);
	expect(cancelled.seen).toBe(cancelled.outputTokens);

	const again = await generateInPage(page, greedyRequest(10));
	expect(again.finishReason).toBe('length');
	expect(again.tokenIds).toEqual(await nodeGreedyIds('edgewise-tiny', 'q8', 10));
});

test('switching backend and model repeatedly releases the old sessions', async ({ page }) => {
	await page.goto('/');
	// The hook is set when the app's modules run, which can be just after the load event goto waits for.
	await page.waitForFunction(() => '__edgewiseLocal' in window);
	const choices = [
		{ backend: 'wasm', dtype: 'q8', threads: 1 },
		{ backend: 'wasm', dtype: 'q4', threads: 2 },
		{ custom: `${HUB_ORIGIN}/edgewise-tiny`, backend: 'wasm', dtype: 'fp32', threads: 1 },
		{ model: 'default:edgewise-tiny', backend: 'webgpu', dtype: 'q4' },
		{ model: 'default:edgewise-tiny', backend: 'wasm', dtype: 'q8', threads: 2 }
	] as const;
	for (const choice of choices) {
		await page.evaluate(() => {
			const w = window as unknown as { __edgewiseLocal: { engine: unknown }; __previous?: unknown };
			w.__previous = w.__edgewiseLocal.engine;
		});
		expect(await loadLocal(page, choice), JSON.stringify(choice)).toBe('ready');
		const state = await page.evaluate(async () => {
			type Engine = { stats(): Promise<{ liveSessions: number }> };
			const w = window as unknown as { __edgewiseLocal: { engine: Engine }; __previous?: Engine | null };
			const current = await w.__edgewiseLocal.engine.stats();
			const previous = w.__previous
				? await w.__previous.stats().then(
						() => 'alive',
						(e: Error) => e.name
					)
				: 'none';
			const build = (window as unknown as { __edgewiseLocal: { info: { build?: string } | null } }).__edgewiseLocal.info
				?.build;
			return { live: current.liveSessions, previous, build };
		});
		expect(state.live).toBe(1);
		// Each worker runs one ORT build: the WebGPU one asyncify, the wasm ones plain (a fresh worker each switch).
		expect(state.build, JSON.stringify(choice)).toBe(choice.backend === 'webgpu' ? ASYNCIFY_BUILD : PLAIN_BUILD);
		expect(['none', 'RpcClosedError']).toContain(state.previous);
	}
	const unloaded = await page.evaluate(async () => {
		type Engine = { unload(): Promise<void>; stats(): Promise<{ liveSessions: number }> };
		const engine = (window as unknown as { __edgewiseLocal: { engine: Engine } }).__edgewiseLocal.engine;
		await engine.unload();
		return (await engine.stats()).liveSessions;
	});
	expect(unloaded).toBe(0);
});
