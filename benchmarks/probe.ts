// The device probe on this machine, in the built app in Chromium, and how good its extrapolation is.
//   npm run bench:probe -- [--shapes tiny,smollm2-135m] [--tokens 24] [--chromium /usr/bin/chromium] [--json out.json]
// For each shape: the probe's wall time, its choice and every configuration it tried on both runtimes
// with its estimate (the app's own ProbeManager.measure, as "Measure this device" runs it); then the
// full-depth model of that shape loaded in the same page for each configuration the probe timed, its
// decode step measured with the probe's own estimator (the fastest of three passes' median gap between
// greedy token arrivals, after one warm-up pass), and the ratio estimate / measured. ONNX Runtime's full
// model is the built-in model for tiny and the twin otherwise, loaded through the Compare page's own form;
// llama.cpp's is the full-depth GGUF twin of the same seeded weights, generated in its worker
// (window.edgewise.llama). Last, whether the probe's pick is the fastest full configuration measured.
import { writeFile } from 'node:fs/promises';
import { prepare } from '../src/cli/prepare';
import { startStaticServer } from '../src/server/static-server';
import { medianStepMs, type ProbeMeasurement, type ProbeResult } from '../src/lib/probe/plan';
import { describeConfig } from '../src/lib/probe/wording';
import { sourceKey, type ModelSource } from '../src/lib/models/sources';
import { SHAPES, type ModelShape } from '../src/lib/models/synthetic/shapes';
import type { Page } from '@playwright/test';
import { flagsOrExit } from '../src/cli/cli-args';
import { launchBenchBrowser } from './engine/browser';

const USAGE = `Usage: npm run bench:probe -- [options]
  --shapes LIST     shapes to probe, comma-separated: tiny (the built-in model) and twin shapes (default tiny,smollm2-135m)
  --tokens N        greedy tokens per full-model pass (default 24)
  --chromium PATH   Chromium to drive (default /usr/bin/chromium)
  --json FILE       also write the figures as JSON
  --port N          port for the built app's server (default 4346)
  --help            this text`;

const values = flagsOrExit(
	process.argv.slice(2),
	{
		shapes: { type: 'string', default: 'tiny,smollm2-135m' },
		tokens: { type: 'string', default: '24' },
		chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
		json: { type: 'string' },
		port: { type: 'string', default: '4346' }
	},
	USAGE
);

interface Check {
	runtime: string;
	config: string;
	estimatedStepMs: number;
	measuredStepMs: number;
	estimateOverMeasured: number;
}

const sourceOf = (shape: string): ModelSource =>
	shape === 'tiny' ? { kind: 'default' } : ({ kind: 'twin', shape } as ModelSource);
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const QUANT: Record<string, string> = { fp32: 'f32', q8: 'q8_0', q4: 'q4_0' };
const request = (tokens: number) => ({
	input: { mode: 'completion' as const, prompt: 'The edge' },
	maxNewTokens: tokens,
	temperature: 0,
	ignoreEos: true
});

/** ONNX Runtime's full model, loaded through the Compare page's form as a person would; then 1 + 3 passes. */
async function ortPasses(page: Page, source: ModelSource, m: ProbeMeasurement, tokens: number): Promise<number[][]> {
	const slot = (id: string) => page.getByTestId(id).first();
	await slot('local-model').selectOption(sourceKey(source));
	await slot('local-runtime').selectOption('onnxruntime-web');
	await slot('local-backend').selectOption(m.device);
	await slot('local-dtype').selectOption(m.dtype);
	if (m.device === 'wasm') await slot('local-threads').selectOption(String(m.threads));
	await slot('local-load').click();
	await page.waitForFunction(
		() =>
			['ready', 'error'].includes(
				document.querySelector('[data-testid="local-status"]')?.getAttribute('data-status') ?? ''
			),
		null,
		{ timeout: 600_000 }
	);
	return page.evaluate(async (req) => {
		const api = (window as any).edgewise;
		if (!api.local.info())
			throw new Error(`load failed: ${document.querySelector('[data-testid="local-error"]')?.textContent}`);
		await api.local.generate(req);
		const passes: number[][] = [];
		for (let i = 0; i < 3; i++) passes.push((await api.local.generate(req)).result.arrivalsMs);
		return passes;
	}, request(tokens));
}

/** llama.cpp's full model: the full-depth GGUF twin generated in its worker, on the probe's backend and threads. */
async function llamaPasses(page: Page, shape: ModelShape, m: ProbeMeasurement, tokens: number): Promise<number[][]> {
	return page.evaluate(
		async ({ shape, quant, device, threads, req }) => {
			const engine = await (window as any).edgewise.llama.create({
				urls: [],
				twin: { shape, quant, seed: 1 },
				model: { id: `twin/${shape.name}`, synthetic: true },
				backend: device,
				threads,
				contextTokens: 512
			});
			try {
				await engine.load();
				await engine.generate(req);
				const passes: number[][] = [];
				for (let i = 0; i < 3; i++) {
					const result = await engine.generate(req);
					if (result.error) throw new Error(result.error.message);
					passes.push(result.arrivalsMs);
				}
				return passes;
			} finally {
				await engine.dispose();
			}
		},
		{ shape, quant: QUANT[m.dtype], device: m.device, threads: m.threads, req: request(tokens) }
	);
}

await prepare();
const server = await startStaticServer({ root: 'build', host: '127.0.0.1', port: Number(values.port) });
const browser = await launchBenchBrowser(values.chromium, ['--enable-unsafe-webgpu']);
const report: { date: string; chromium: string; shapes: { shape: string; probe: ProbeResult; checks: Check[] }[] } = {
	date: new Date().toISOString(),
	chromium: browser.version,
	shapes: []
};
try {
	const page = await browser.context.newPage();
	await page.goto(`${server.url}/`);
	await page.waitForFunction(() => '__edgewiseProbe' in window && 'edgewise' in window);
	// Chromium compiles the page's own code and the service worker's precache on both cores for a few seconds.
	await page.waitForTimeout(6000);
	for (const shape of values.shapes.split(',')) {
		const source = sourceOf(shape);
		console.log(`\n== ${shape}: probing`);
		const probe = (await page.evaluate(
			(s) => (window as any).__edgewiseProbe.measure(s),
			source
		)) as ProbeResult | null;
		if (!probe)
			throw new Error(
				`The probe for ${shape} failed: ${await page.evaluate(() => JSON.stringify((window as any).__edgewiseProbe.error))}`
			);
		console.log(
			`wall ${(probe.wallMs / 1000).toFixed(1)} s; choice: ${probe.choice ? describeConfig(probe.choice) : 'none'}`
		);
		console.log(`reason: ${probe.reason}`);
		const checks: Check[] = [];
		for (const m of probe.measurements as ProbeMeasurement[]) {
			const measured =
				m.runtime === 'llama.cpp'
					? await llamaPasses(page, SHAPES[shape as keyof typeof SHAPES], m, Number(values.tokens))
					: await ortPasses(page, source, m, Number(values.tokens));
			// As the probe does: the fastest pass's median step (a busy machine only adds time).
			const measuredStepMs = Math.min(...measured.map((arrivals) => medianStepMs(arrivals)));
			const check = {
				runtime: m.runtime,
				config: describeConfig(m),
				estimatedStepMs: m.estimatedStepMs,
				measuredStepMs,
				estimateOverMeasured: m.estimatedStepMs / measuredStepMs
			};
			checks.push(check);
			console.log(
				`${check.config.padEnd(30)} probe depths ${m.timings.map((t) => `${t.layers}L ${t.stepMs.toFixed(2)} ms`).join(', ')}; a ${m.fixedMs.toFixed(2)} + b ${m.perLayerMs.toFixed(3)} x ${probe.layers} = est ${m.estimatedStepMs.toFixed(2)} ms (${m.estimatedTokensPerS.toFixed(1)} tok/s); full model ${measuredStepMs.toFixed(2)} ms (${(1000 / measuredStepMs).toFixed(1)} tok/s); est/measured ${check.estimateOverMeasured.toFixed(2)}`
			);
		}
		await page.evaluate(() => (window as any).edgewise.local.unload());
		const fastestFull = checks.reduce((a, b) => (b.measuredStepMs < a.measuredStepMs ? b : a));
		const picked = probe.choice ? describeConfig(probe.choice) : 'none';
		console.log(
			`probe picks ${picked}; fastest full configuration measured: ${fastestFull.config} (${(1000 / fastestFull.measuredStepMs).toFixed(1)} tok/s): ${picked === fastestFull.config ? 'match' : 'no match'}`
		);
		report.shapes.push({ shape, probe, checks });
	}
} finally {
	await browser.close();
	await server.close();
}
console.log('\nsummary (shape, probe wall s, choice, fastest full configuration, est/measured per configuration):');
for (const s of report.shapes) {
	console.log(
		`${s.shape}: ${(s.probe.wallMs / 1000).toFixed(1)} s, ${s.probe.choice ? describeConfig(s.probe.choice) : 'none'}, fastest full ${s.checks.reduce((a, b) => (b.measuredStepMs < a.measuredStepMs ? b : a)).config}; ${s.checks.map((c) => `${c.config} ${round(c.estimateOverMeasured)}`).join('; ')}`
	);
}
if (values.json) await writeFile(values.json, `${JSON.stringify(report, null, 2)}\n`);
