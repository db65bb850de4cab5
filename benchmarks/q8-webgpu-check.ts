// Does each dtype's tiny graph run on onnxruntime-web's WebGPU EP (Chromium, SwiftShader) with the
// reference's greedy tokens, and which nodes fall back to the CPU? A check script for the q8 format
// lever (MatMulInteger / DynamicQuantizeLinear have no WebGPU kernels).
//   npx tsx benchmarks/q8-webgpu-check.ts
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { MemoryModelWriter } from '../src/lib/models/synthetic/model-writer';
import { planOnnxFile, writeOnnxFiles } from '../src/lib/models/synthetic/onnx-stream';
import { dequantizeWeights, DTYPES } from '../src/lib/models/synthetic/quantize';
import { greedy } from '../src/lib/models/synthetic/reference';
import { SHAPES } from '../src/lib/models/synthetic/shapes';
import { materializeWeights } from '../src/lib/models/synthetic/weights';

const shape = SHAPES.tiny;
const PROMPT = [1, 72, 101, 108, 108, 111];
const STEPS = 8;
const ORIGIN = 'http://localhost:4361';
const dist = fileURLToPath(new URL('../node_modules/onnxruntime-web/dist/', import.meta.url));

const writer = new MemoryModelWriter();
const plans = DTYPES.map((d) => planOnnxFile(shape, d));
await writeOnnxFiles({ shape, plans, seed: 1, writer });

const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: ['--enable-unsafe-webgpu']
});
try {
	const page = await browser.newPage();
	const logs: string[] = [];
	page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
	await page.route(`${ORIGIN}/**`, async (route) => {
		const path = new URL(route.request().url()).pathname;
		if (path === '/')
			return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>q8 webgpu</title>' });
		if (path.startsWith('/ort/')) {
			const name = path.slice(5);
			const type = name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
			return route.fulfill({ contentType: type, body: await readFile(dist + name) });
		}
		const dtype = path.slice(1);
		const plan = plans.find((p) => p.dtype === dtype)!;
		return route.fulfill({ contentType: 'application/octet-stream', body: Buffer.from(writer.files.get(plan.path)!) });
	});
	await page.goto(`${ORIGIN}/`);
	for (const dtype of DTYPES) {
		const script = `(async () => {
			const ort = await import('/ort/ort.webgpu.bundle.min.mjs');
			ort.env.wasm.numThreads = 1;
			ort.env.wasm.wasmPaths = '/ort/';
			ort.env.logLevel = 'warning';
			const bytes = new Uint8Array(await (await fetch('/${dtype}')).arrayBuffer());
			const s = await ort.InferenceSession.create(bytes, { executionProviders: ['webgpu'], logSeverityLevel: 0 });
			const shape = ${JSON.stringify({ layers: shape.numLayers, kv: shape.numKvHeads, d: shape.headDim, v: shape.vocabSize })};
			const i64 = (a) => new ort.Tensor('int64', BigInt64Array.from(a.map(BigInt)), [1, a.length]);
			let past = {};
			for (let i = 0; i < shape.layers; i++) for (const k of ['key', 'value']) past['past_key_values.' + i + '.' + k] = new ort.Tensor('float32', new Float32Array(0), [1, shape.kv, 0, shape.d]);
			let ids = ${JSON.stringify(PROMPT)}; let total = 0; const out = [];
			for (let step = 0; step <= ${STEPS}; step++) {
				const r = await s.run({ input_ids: i64(ids), attention_mask: i64(Array(total + ids.length).fill(1)), position_ids: i64(ids.map((_, i) => total + i)), num_logits_to_keep: new ort.Tensor('int64', BigInt64Array.of(1n), []), ...past });
				total += ids.length;
				const l = r.logits.data; const last = l.subarray(l.length - shape.v);
				let best = 0; for (let i = 1; i < shape.v; i++) if (last[i] > last[best]) best = i;
				out.push(best); ids = [best]; past = {};
				for (let i = 0; i < shape.layers; i++) { past['past_key_values.' + i + '.key'] = r['present.' + i + '.key']; past['past_key_values.' + i + '.value'] = r['present.' + i + '.value']; }
			}
			const adapter = await navigator.gpu.requestAdapter();
			return { out, adapter: adapter ? (adapter.info?.architecture ?? 'yes') : null };
		})()`;
		logs.length = 0;
		try {
			const res: { out: number[]; adapter: string | null } = await page.evaluate(script);
			const expected = greedy(dequantizeWeights(materializeWeights(shape, 1), dtype), PROMPT, STEPS + 1, {
				stopAtEos: false
			});
			const fallback = logs.filter(
				(l) =>
					/MatMulInteger|DynamicQuantize|MatMulNBits|Node placements|All nodes placed|CPUExecutionProvider:|WebGpuExecutionProvider:/.test(
						l
					) && !/GraphTransformer/.test(l)
			);
			console.log(
				`${dtype}: webgpu (${res.adapter}) tokens ${res.out.join(' ')} | reference ${expected.join(' ')} | ${JSON.stringify(res.out) === JSON.stringify(expected) ? 'EQUAL' : 'DIFFERENT'}`
			);
			for (const l of fallback.slice(0, 12)) console.log(`  ${l.slice(0, 400)}`);
		} catch (err) {
			console.log(`${dtype}: FAILED ${(err as Error).message.slice(0, 500)}`);
			for (const l of logs.slice(-5)) console.log(`  ${l.slice(0, 300)}`);
		}
	}
} finally {
	await browser.close();
}
