// llama.cpp on the same GGUF files twice, for bench:llama and bench:engine: natively (node-llama-cpp
// 3.21.1's prebuilt CPU binary) and in Chromium (wllama 3.13.0 through Edgewise's LlamaCppEngine, made on a
// page of the built app by window.edgewise.llama; and the Edgewise builds the same way), behind the engine benchmark's runner shape: load(model,
// dtype, threads), generate(prompt, maxNewTokens) -> per-token times, dispose. Greedy, EOS ignored.
// Flash attention on natively, as wllama's llama.cpp turns it on ("auto") on its CPU backend; both sides
// get a 2048-token context (wllama's default in LlamaCppEngine).
import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { BrowserContext, Page } from '@playwright/test';
import Fastify from 'fastify';
import type { Llama, LlamaContext, LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import { join } from 'node:path';
import { ISOLATION_HEADERS } from '../../src/server/static-server';
import type { GgufQuant } from '../../src/lib/models/synthetic/gguf';
import type { LlamaBuildChoice } from '../../src/lib/engine/llama/protocol';
import type { EngineRun, LoadOutcome } from './types';

export const CONTEXT_TOKENS = 2048;
/** The GGUF quant each Edgewise dtype runs as (models/gguf-files.ts, in the synthetic generator's names). */
export const GGUF_QUANT_OF: Record<string, GgufQuant> = { fp32: 'f32', q8: 'q8_0', q4: 'q4_0' };

export class MissingGgufError extends Error {
	override name = 'MissingGgufError';
}

/** Where a runner finds a model's GGUF file: a path on disk (native) and its URL on the app server (wasm). */
export interface GgufLocator {
	path(modelId: string, quant: GgufQuant): string;
	url(modelId: string, quant: GgufQuant): string;
}

function quantOf(dtype: string): GgufQuant {
	const quant = GGUF_QUANT_OF[dtype] ?? (dtype as GgufQuant);
	if (!Object.values(GGUF_QUANT_OF).includes(quant))
		throw new MissingGgufError(`llama.cpp has no GGUF for precision ${dtype}: use fp32, q8 or q4.`);
	return quant;
}

/**
 * The built app (build/, whose Compare page installs window.edgewise) and GGUF files under /bench-models/,
 * cross-origin isolated so wasm threads work.
 */
export async function startLlamaAppServer(options: {
	repoRoot: string;
	ggufRoot: string;
	port: number;
}): Promise<{ url: string; close(): Promise<void> }> {
	if (!existsSync(join(options.repoRoot, 'build/index.html')))
		throw new Error('No build/: run `npm run build` first (llama.cpp in the browser runs in the built app).');
	const app = Fastify({ logger: false });
	app.addHook('onSend', async (_request, reply) => {
		for (const [name, value] of Object.entries(ISOLATION_HEADERS)) reply.header(name, value);
	});
	app.register(fastifyStatic, { root: join(options.repoRoot, 'build'), prefix: '/', acceptRanges: true });
	app.register(fastifyStatic, {
		root: options.ggufRoot,
		prefix: '/bench-models/',
		decorateReply: false,
		acceptRanges: true
	});
	const url = await app.listen({ host: '127.0.0.1', port: options.port });
	return { url, close: () => app.close() };
}

export class LlamaNativeRunner {
	#model: LlamaModel | null = null;
	#context: LlamaContext | null = null;
	#sequence: LlamaContextSequence | null = null;

	constructor(
		private readonly llama: Llama,
		private readonly files: GgufLocator
	) {}

	async load(modelId: string, dtype: string, threads: number): Promise<LoadOutcome> {
		await this.dispose();
		const modelPath = this.files.path(modelId, quantOf(dtype));
		if (!existsSync(modelPath))
			throw new MissingGgufError(
				`${modelPath} is missing: write it with npm run make-model -- --dtype q8_0,q4_0 (same shape, seed and --out).`
			);
		const t0 = performance.now();
		this.#model = await this.llama.loadModel({ modelPath });
		this.#context = await this.#model.createContext({ contextSize: CONTEXT_TOKENS, threads, flashAttention: true });
		this.#sequence = this.#context.getSequence();
		return { loadMs: performance.now() - t0, threads, build: `node-llama-cpp 3.21.1, ${this.llama.buildType}` };
	}

	async generate(prompt: string, maxNewTokens: number): Promise<EngineRun> {
		const sequence = this.#sequence;
		if (!this.#model || !sequence) throw new Error('LlamaNativeRunner: load a model first.');
		await sequence.clearHistory();
		const promptTokens = this.#model.tokenize(prompt);
		const timesMs: number[] = [];
		const tokenIds: number[] = [];
		const requestMs = performance.timeOrigin + performance.now();
		for await (const token of sequence.evaluate(promptTokens as Token[], { temperature: 0 })) {
			timesMs.push(performance.timeOrigin + performance.now());
			tokenIds.push(Number(token));
			if (timesMs.length >= maxNewTokens) break;
		}
		return { requestMs, timesMs, tokenIds, inputTokens: promptTokens.length };
	}

	async dispose(): Promise<void> {
		await this.#context?.dispose();
		await this.#model?.dispose();
		this.#sequence = null;
		this.#context = null;
		this.#model = null;
	}
}

/** The bench:engine engine names of the llama.cpp builds in the browser, and the build each runs. */
export const LLAMA_BROWSER_BUILDS: Record<string, LlamaBuildChoice> = {
	'llama-wasm': 'wllama',
	'llama-edgewise-relaxed': 'edgewise-relaxed',
	'llama-edgewise-simd128': 'edgewise-simd128'
};

/**
 * One page of the built app per runner, holding one LlamaCppEngine (a page never changes threads) on one
 * llama.cpp build: wllama 3.13.0 (engine llama-wasm) or an Edgewise build (llama-edgewise-*).
 */
export class LlamaWasmRunner {
	page: Page | null = null;
	readonly log: string[] = [];

	constructor(
		private readonly context: BrowserContext,
		private readonly appUrl: string,
		private readonly files: GgufLocator,
		private readonly build: LlamaBuildChoice = 'wllama'
	) {}

	async load(modelId: string, dtype: string, threads: number): Promise<LoadOutcome> {
		await this.dispose();
		const page = await this.context.newPage();
		page.on('console', (m) => m.type() === 'error' && this.log.push(m.text()));
		await page.goto(`${this.appUrl}/`);
		await page.waitForFunction(() => Boolean(window.edgewise?.llama) && crossOriginIsolated);
		this.page = page;
		const result = await page.evaluate(
			async ({ url, threads, build }) => {
				const engine = await window.edgewise!.llama.create({
					urls: [url],
					threads,
					backend: 'wasm',
					build,
					tokenIds: true
				});
				const loaded = await engine.load();
				(window as unknown as { __benchLlama: unknown }).__benchLlama = engine;
				const info = engine.describe();
				return { ...loaded, threads: info.threads, build: `${info.build} ${info.backend}` };
			},
			{ url: this.files.url(modelId, quantOf(dtype)), threads, build: this.build }
		);
		if (result.threads !== threads) throw new Error(`${result.build} runs ${result.threads} threads, not ${threads}.`);
		return { loadMs: result.loadMs, threads, build: result.build, loadKind: result.loadKind };
	}

	async generate(prompt: string, maxNewTokens: number): Promise<EngineRun> {
		if (!this.page) throw new Error('LlamaWasmRunner: load a model first.');
		return this.page.evaluate(
			async ({ prompt, maxNewTokens }) => {
				const engine = (
					window as unknown as { __benchLlama: import('../../src/lib/engine/llama/llama-engine').LlamaCppEngine }
				).__benchLlama;
				const r = await engine.generate({
					input: { mode: 'completion', prompt },
					maxNewTokens,
					temperature: 0,
					ignoreEos: true
				});
				if (r.error) throw new Error(`${r.error.name}: ${r.error.message}`);
				return {
					requestMs: r.requestMs,
					// One stamp per chunk: a chunk holds more than one token only when llama.cpp held bytes back.
					timesMs: r.arrivalsMs,
					tokenIds: r.tokenIds ?? [],
					inputTokens: r.inputTokens,
					serverDecodeTokensPerS: r.serverTimings?.decodeTokensPerS
				};
			},
			{ prompt, maxNewTokens }
		);
	}

	async dispose(): Promise<void> {
		await this.page
			?.evaluate(async () => {
				const w = window as unknown as { __benchLlama?: { dispose(): Promise<void> } };
				await w.__benchLlama?.dispose();
			})
			.catch(() => undefined);
		await this.page?.close();
		this.page = null;
	}
}
