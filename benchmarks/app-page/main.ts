// Exposes Edgewise's LocalEngine to the benchmark as `window.appBench`. Everything that runs per token is
// the app's code: LocalEngine on the page, its worker, its streamer, its RPC and its ONNX Runtime build.
import { LocalEngine } from '../../src/lib/engine/local/local-engine';
import { ortWasmPaths } from '../../src/lib/engine/local/ort-files';
import type { OrtBuild } from '../../src/lib/engine/local/backend';
import type { GenerationResult } from '../../src/lib/engine/types';

let engine: LocalEngine | null = null;

async function load(options: {
	hubBaseUrl: string;
	modelId: string;
	dtype: string;
	threads: number;
	wasmBuild?: OrtBuild;
	prepare?: boolean;
	reserveHeap?: boolean;
}) {
	if (engine) await engine.unload();
	engine = new LocalEngine({
		model: { kind: 'url', baseUrl: options.hubBaseUrl, id: options.modelId },
		backend: 'wasm',
		dtype: options.dtype,
		threads: options.threads,
		wasmPaths: ortWasmPaths(),
		// Unset: the app's default (plain); benchmarks/ort-build.ts sets it to compare the two builds.
		wasmBuild: options.wasmBuild,
		// Unset: the app's default (reserve); bench:engine --prepared-variants compares without.
		reserveHeap: options.reserveHeap
	});
	// As the Compare page does when someone starts on a prompt: worker and runtime started before load().
	const prepared = options.prepare ? await engine.prepare() : null;
	// Where the load's time goes, from the engine's own progress events (page clock, ms from the call):
	// the first model byte (worker start, ORT + transformers.js imports, config, tokenizer), the last
	// .onnx byte (reading it), 'warming-up' (ONNX Runtime's wasm start-up + session creation), the end.
	const start = performance.now();
	const stages: Record<string, number> = {};
	const result = await engine.load((p) => {
		const at = performance.now() - start;
		if (p.status === 'file' && /\.onnx/.test(p.file)) {
			stages.onnxFirstMs ??= at;
			if (p.loadedBytes >= p.totalBytes) stages.onnxReadMs ??= at;
		} else if (p.status === 'stage') stages[`${p.stage}Ms`] ??= at;
	});
	stages.readyMs = performance.now() - start;
	const info = engine.describe();
	document.getElementById('status')!.textContent = info.label;
	return {
		loadMs: result.loadMs,
		loadKind: result.loadKind,
		build: info.build,
		threads: info.threads,
		stages,
		prepareMs: prepared?.prepareMs ?? null,
		reservedBytes: prepared?.reservedBytes ?? null
	};
}

async function generate(options: { prompt: string; maxNewTokens: number }) {
	if (!engine) throw new Error('Call appBench.load() first.');
	const times: number[] = [];
	const ids: number[] = [];
	const result: GenerationResult = await engine.generate(
		{
			input: { mode: 'completion', prompt: options.prompt },
			maxNewTokens: options.maxNewTokens,
			temperature: 0,
			ignoreEos: true
		},
		{
			onToken: (token) => {
				times.push(token.tMs);
				ids.push(...(token.tokenIds ?? []));
			}
		}
	);
	if (result.error) throw new Error(`${result.error.name}: ${result.error.message}`);
	return { requestMs: result.requestMs, timesMs: times, tokenIds: ids, inputTokens: result.inputTokens };
}

Object.assign(globalThis, { appBench: { load, generate }, appBenchReady: true });
