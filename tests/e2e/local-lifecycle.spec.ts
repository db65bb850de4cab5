// Cancel mid-generation then generate again; switching backend and model repeatedly releases the old
// engine (its worker ends, so its ONNX sessions go with it) and leaves exactly one live session.
import { test, expect, HUB_ORIGIN } from './fixtures';
import { generateInPage, greedyRequest, loadLocal, nodeGreedyIds } from './fixtures/local';
import { ASYNCIFY_BUILD, PLAIN_BUILD } from '../../src/lib/engine/local/backend';
import type { EdgewiseDebugApi } from '../../src/lib/state/debug-api';

test('cancel mid-generation, then generate again', async ({ page }) => {
	await page.goto('/');
	expect(await loadLocal(page, { backend: 'wasm', dtype: 'q8', threads: 2 })).toBe('ready');
	const cancelled = await page.evaluate(async () => {
		const api = (window as { edgewise?: EdgewiseDebugApi }).edgewise!;
		const request = {
			input: { mode: 'completion', prompt: 'Hello' },
			maxNewTokens: 1500,
			temperature: 0,
			ignoreEos: true
		};
		const { result, streamed } = await api.local.generate(request as never, { cancelAtToken: 4 });
		return {
			finishReason: result.finishReason,
			outputTokens: result.outputTokens,
			seen: streamed.length,
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
	// The debug API is installed when the layout mounts, which can be just after the load event goto waits for.
	await page.waitForFunction(() => 'edgewise' in window);
	const choices = [
		{ backend: 'wasm', dtype: 'q8', threads: 1 },
		{ backend: 'wasm', dtype: 'q4', threads: 2 },
		{ custom: `${HUB_ORIGIN}/edgewise-tiny`, backend: 'wasm', dtype: 'fp32', threads: 1 },
		{ model: 'default:edgewise-tiny', backend: 'webgpu', dtype: 'q4' },
		{ model: 'default:edgewise-tiny', backend: 'wasm', dtype: 'q8', threads: 2 }
	] as const;
	for (const choice of choices) {
		expect(await loadLocal(page, choice), JSON.stringify(choice)).toBe('ready');
		const state = await page.evaluate(async () => {
			const api = (window as { edgewise?: EdgewiseDebugApi }).edgewise!;
			return {
				live: (await api.local.stats())!.liveSessions,
				workers: api.local.liveWorkers(),
				build: api.local.info()?.build
			};
		});
		expect(state.live).toBe(1);
		// Each worker runs one ORT build: the WebGPU one asyncify, the wasm ones plain (a fresh worker each switch).
		expect(state.build, JSON.stringify(choice)).toBe(choice.backend === 'webgpu' ? ASYNCIFY_BUILD : PLAIN_BUILD);
		// The engine before this load was released: its worker ended, so only the loaded engine's is running.
		expect(state.workers, JSON.stringify(choice)).toBe(1);
	}
	// Unloading releases the engine: its sessions and its worker end, and the page says nothing is loaded.
	const unloaded = await page.evaluate(async () => {
		const api = (window as { edgewise?: EdgewiseDebugApi }).edgewise!;
		await api.local.unload();
		return { workers: api.local.liveWorkers(), stats: await api.local.stats() };
	});
	expect(unloaded.stats).toBeNull();
	await expect(page.getByTestId('local-status')).toHaveAttribute('data-status', 'idle');
	expect(unloaded.workers).toBe(0);
});
