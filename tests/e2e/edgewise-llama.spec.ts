// The Edgewise llama.cpp builds (static/llama-wasm/, native/llama-wasm/build.sh) in Chromium, where their
// kernels are timed and shipped (Node 20's baseline tier computes relaxed dots wrongly): each new kernel
// against a scalar reference, and greedy ids against native llama.cpp of the same commit on the synthetic
// edgewise-tiny GGUF twins and on the built-in real model, stories260k, each in F32, Q8_0 and Q4_0
// (tests/e2e/fixtures/edgewise-native-ids.json, from native-reference.mjs).
//
// Ids: llama.cpp sums blocks in a different order on each SIMD flavour, so a step where native's best
// leads its runner-up by less than LEAD_TOLERANCE (of the largest |logit|) may go either way; every other
// step must choose native's token. The wasm build is fed native's ids (teacher forcing), so one near tie
// does not end the comparison, and must agree on every step before the first near tie when it runs free.
import { test, expect } from './fixtures';
import { runEdgewise } from './fixtures/edgewise-wasm';
import reference from './fixtures/edgewise-native-ids.json' with { type: 'json' };
import { EDGEWISE_FLAVOURS } from '../../src/lib/engine/llama/edgewise-files';

const LEAD_TOLERANCE = 0.01;
type ModelName = keyof typeof reference.models;
type Quant = keyof (typeof reference.models)[ModelName]['quants'];
const MODELS = Object.keys(reference.models) as ModelName[];
const QUANTS: Quant[] = ['f32', 'q8_0', 'q4_0'];
/** What native llama.cpp writes after "Once upon a time" on stories260k in F32 (the model's best-known opening). */
const STORY_OPENING = ', there was a little girl named Lily';

test.describe('Edgewise llama.cpp builds in Chromium', () => {
	test.beforeEach(async ({ page }) => {
		await page.goto('/');
		expect(await page.evaluate(() => crossOriginIsolated), 'the app page is cross-origin isolated').toBe(true);
	});

	test('the browser validates relaxed SIMD, so both flavours run here', async ({ page }) => {
		const { detectEdgewiseFlavour } = await import('../../src/lib/engine/llama/edgewise-features');
		const flavour = await page.evaluate(`(${detectEdgewiseFlavour.toString()})()`);
		expect(flavour).toBe('relaxed');
	});

	for (const flavour of EDGEWISE_FLAVOURS) {
		test(`${flavour}: Q4_0 and Q8_0 dot kernels and the Q8 activation quantisation match a scalar reference`, async ({
			page
		}, testInfo) => {
			const out = await runEdgewise(page, { flavour, kernels: true });
			expect(out.error).toBeUndefined();
			const kernels = out.kernels!;
			for (const check of kernels.checks) {
				expect(check.rows, check.type).toBe(64);
				expect(check.quantDiffNearest, `${check.type}: activations rounded to nearest`).toBe(0);
				expect(check.worstRelativeError, `${check.type}: dot products`).toBeLessThan(1e-5);
			}
			expect(out.systemInfo).toContain('WASM_SIMD = 1');
			testInfo.annotations.push({ type: 'matvec 576x1536 (µs)', description: JSON.stringify(kernels.matvecUs) });
		});

		for (const name of MODELS)
			for (const quant of QUANTS) {
				test(`${flavour} ${name} ${quant}: greedy ids equal native llama.cpp's wherever native's lead is clear`, async ({
					page
				}) => {
					const { prompt } = reference.models[name];
					const native = reference.models[name].quants[quant];
					const model = `/models/${name}/model-${quant}.gguf`;
					const forced = await runEdgewise(page, {
						flavour,
						model,
						prompt,
						tokens: native.ids.length,
						forced: native.ids
					});
					expect(forced.error).toBeUndefined();
					expect(forced.promptIds).toEqual(native.prompt);
					const clear = native.ids.map((id, i) => (native.leads[i]! > LEAD_TOLERANCE ? id : 'near tie'));
					expect(forced.ids!.map((id, i) => (native.leads[i]! > LEAD_TOLERANCE ? id : 'near tie'))).toEqual(clear);

					const free = await runEdgewise(page, { flavour, model, prompt, tokens: native.ids.length });
					expect(free.error).toBeUndefined();
					const firstTie = native.leads.findIndex((lead) => lead <= LEAD_TOLERANCE);
					const until = firstTie < 0 ? native.ids.length : firstTie;
					expect(free.ids!.slice(0, until)).toEqual(native.ids.slice(0, until));
					if (name === 'stories260k' && quant === 'f32') {
						expect(native.text.startsWith(STORY_OPENING), 'native F32 opens with the known story').toBe(true);
						expect(free.text!.startsWith(STORY_OPENING), `${flavour} F32 opens with the known story`).toBe(true);
					}
				});
			}
	}

	test('relaxed Q8_0 on 2 threads chooses as on 1', async ({ page }) => {
		const args = {
			flavour: 'relaxed' as const,
			model: '/models/edgewise-tiny/model-q8_0.gguf',
			prompt: reference.models['edgewise-tiny'].prompt
		};
		const one = await runEdgewise(page, { ...args, threads: 1, tokens: 16 });
		const two = await runEdgewise(page, { ...args, threads: 2, tokens: 16 });
		expect(two.error).toBeUndefined();
		expect(two.threads).toBe(2);
		expect(two.ids).toEqual(one.ids);
	});
});
