// The Chromium the browser benchmarks drive: a persistent profile in a fresh temporary folder, i.e. what
// a person's browser is. An incognito context (browser.newContext()) keeps Cache Storage in memory with a
// small quota: there, Cache.put of the 538 MB SmolLM2-135M fp32 file fails ("Unexpected internal error"),
// transformers.js carries on, and every "warm" load silently downloaded the file again; it also has no
// wasm code cache, so each fresh worker recompiled ONNX Runtime (~680 ms vs ~320 ms with the disk cache).
import { chromium, type BrowserContext } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QUIET_CHROMIUM_ARGS } from '../../scripts/chromium-flags';

export interface BenchBrowser {
	context: BrowserContext;
	version: string;
	close(): Promise<void>;
}

export async function launchBenchBrowser(executablePath: string, extraArgs: string[] = []): Promise<BenchBrowser> {
	const profile = await mkdtemp(join(tmpdir(), 'edgewise-bench-profile-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath,
		args: [...QUIET_CHROMIUM_ARGS, ...extraArgs]
	});
	// A persistent context has no Browser object to ask for its version.
	const version = execFileSync(executablePath, ['--version'], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'ignore']
	}).trim();
	return {
		context,
		version,
		async close() {
			await context.close();
			await rm(profile, { recursive: true, force: true });
		}
	};
}
