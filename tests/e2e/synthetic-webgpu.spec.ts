// Every dtype's tiny graph on onnxruntime-web's WebGPU EP in real Chromium (SwiftShader here: correct,
// slow), against the reference forward pass on the dequantized weights: fp32 and q4 give the reference's
// greedy tokens exactly; q8 (DynamicQuantizeLinear + MatMulInteger, which have no WebGPU kernels, so ORT
// runs those nodes on its CPU EP) rounds activations, so, as in synthetic-graph.test.ts, its logits are
// held to 4e-2 of the largest logit and a greedy choice may differ from the reference's only at a near-tie.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dequantizeWeights, DTYPES, type Dtype } from '../../src/lib/models/synthetic/quantize';
import { forward, greedy, positionIdsFromMask, type KvCache } from '../../src/lib/models/synthetic/reference';
import { SHAPES } from '../../src/lib/models/synthetic/shapes';
import { materializeWeights } from '../../src/lib/models/synthetic/weights';
import { at, must } from '../../src/lib/bench/testing/must';
import { argmax, relativeError, tinyGraphs } from '../integration/synthetic-harness';
import { E2E_PORTS, expect, test, type Page } from './fixtures';

const shape = SHAPES.tiny;
const SEED = 1;
const PROMPT = [1, 72, 101, 108, 108, 111];
const STEPS = 8;
// Served by page.route, never by a listening server: localhost is a secure context, which WebGPU needs.
const ORIGIN = `http://localhost:${E2E_PORTS.scratch}`;
const DIST = fileURLToPath(new URL('../../node_modules/onnxruntime-web/dist/', import.meta.url));

/** Runs prefill + STEPS greedy decode steps in the page; returns each step's last-position logits. */
const RUN_IN_PAGE = `async ({ dtype, layers, kv, d, vocab, prompt, steps }) => {
	const ort = await import('/ort/ort.webgpu.bundle.min.mjs');
	ort.env.wasm.numThreads = 1;
	ort.env.wasm.wasmPaths = '/ort/';
	const bytes = new Uint8Array(await (await fetch('/graph/' + dtype)).arrayBuffer());
	const session = await ort.InferenceSession.create(bytes, { executionProviders: ['webgpu'] });
	const i64 = (a) => new ort.Tensor('int64', BigInt64Array.from(a.map(BigInt)), [1, a.length]);
	let past = {};
	for (let i = 0; i < layers; i++)
		for (const k of ['key', 'value']) past['past_key_values.' + i + '.' + k] = new ort.Tensor('float32', new Float32Array(0), [1, kv, 0, d]);
	let ids = prompt;
	let total = 0;
	const logits = [];
	for (let step = 0; step <= steps; step++) {
		const feeds = { input_ids: i64(ids), attention_mask: i64(Array(total + ids.length).fill(1)), position_ids: i64(ids.map((_, i) => total + i)), num_logits_to_keep: new ort.Tensor('int64', BigInt64Array.of(1n), []), ...past };
		const out = await session.run(feeds);
		total += ids.length;
		const last = Array.from(out.logits.data.subarray(out.logits.data.length - vocab));
		logits.push(last);
		let best = 0;
		for (let i = 1; i < vocab; i++) if (last[i] > last[best]) best = i;
		ids = [best];
		past = {};
		for (let i = 0; i < layers; i++) {
			past['past_key_values.' + i + '.key'] = out['present.' + i + '.key'];
			past['past_key_values.' + i + '.value'] = out['present.' + i + '.value'];
		}
	}
	await session.release();
	return logits;
}`;

let graphs: Map<Dtype, Uint8Array>;

test.beforeAll(async () => {
	graphs = await tinyGraphs(shape, SEED);
});

async function openGraphPage(page: Page): Promise<void> {
	await page.route(`${ORIGIN}/**`, async (route) => {
		const path = new URL(route.request().url()).pathname;
		if (path === '/') return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>webgpu</title>' });
		if (path.startsWith('/ort/')) {
			const name = path.slice('/ort/'.length);
			if (!/^[\w.-]+$/.test(name)) return route.fulfill({ status: 404 });
			return route.fulfill({
				contentType: name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript',
				body: await readFile(DIST + name)
			});
		}
		const dtype = DTYPES.find((d) => path === `/graph/${d}`);
		if (!dtype) return route.fulfill({ status: 404 });
		return route.fulfill({ contentType: 'application/octet-stream', body: Buffer.from(graphs.get(dtype)!) });
	});
	await page.goto(`${ORIGIN}/`);
	const adapter = await page.evaluate(async () =>
		Boolean(await (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu?.requestAdapter())
	);
	expect(adapter, 'Chromium offers a WebGPU adapter with --enable-unsafe-webgpu').toBe(true);
}

for (const dtype of DTYPES) {
	test(`WebGPU, ${dtype}: prefill + ${STEPS} decode steps match the reference`, async ({ page }) => {
		test.setTimeout(120_000);
		await openGraphPage(page);
		const args = {
			dtype,
			layers: shape.numLayers,
			kv: shape.numKvHeads,
			d: shape.headDim,
			vocab: shape.vocabSize,
			prompt: PROMPT,
			steps: STEPS
		};
		const logits: number[][] = await page.evaluate(`(${RUN_IN_PAGE})(${JSON.stringify(args)})`);
		const reference = dequantizeWeights(materializeWeights(shape, SEED), dtype);
		const tokens = logits.map(argmax);
		if (dtype !== 'q8') {
			expect(tokens).toEqual(greedy(reference, PROMPT, STEPS + 1, { stopAtEos: false }));
			return;
		}
		// q8: the reference fed the graph's own tokens, step by step.
		const tolerance = 4e-2;
		let cache: KvCache | undefined;
		let stepIds = PROMPT;
		const maskRow = PROMPT.map(() => 1);
		for (let step = 0; step <= STEPS; step++) {
			const ref = forward(reference, {
				inputIds: [stepIds],
				attentionMask: [maskRow],
				positionIds: positionIdsFromMask([maskRow], stepIds.length),
				cache
			});
			cache = ref.cache;
			const refLast = must(at(ref.logits, 0).at(-1), 'reference logits at the last position');
			const token = at(tokens, step);
			expect(relativeError([at(logits, step)], [refLast])).toBeLessThan(tolerance);
			const scale = Math.max(...Array.from(refLast, Math.abs));
			expect((at(refLast, argmax(refLast)) - at(refLast, token)) / scale).toBeLessThan(tolerance);
			stepIds = [token];
			maskRow.push(1);
		}
	});
}
