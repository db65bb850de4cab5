// Writes tests/e2e/fixtures/edgewise-native-ids.json: greedy ids, each step's lead (best logit over the
// runner-up, over the largest |logit|) and the text they spell, from native llama.cpp at the pinned commit
// (native-check, built by native-check.sh with gcc), for the F32, Q8_0 and Q4_0 GGUFs of the synthetic
// edgewise-tiny twins and of the built-in real model, stories260k. The prompt is tokenized as the model's
// tokenizer does it (BOS added where the GGUF asks for it). The e2e spec compares the wasm builds with it.
//   node native/llama-wasm/native-reference.mjs   (after npm run models:default and native-check.sh)
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const binary = process.env.EW_NATIVE_CHECK ?? 'native/llama-wasm/.build/native-check';
const SETS = {
	'edgewise-tiny': { description: 'edgewise-tiny (seed 1), synthetic', prompt: 'Hello world, the edge', tokens: 24 },
	stories260k: { description: 'stories260K (llama2.c TinyStories), trained', prompt: 'Once upon a time', tokens: 40 }
};
const models = {};
for (const [name, { description, prompt, tokens }] of Object.entries(SETS)) {
	const quants = {};
	for (const quant of ['f32', 'q8_0', 'q4_0']) {
		const file = `static/models/${name}/model-${quant}.gguf`;
		quants[quant] = JSON.parse(execFileSync(binary, [file, '1', String(tokens), prompt], { encoding: 'utf8' }));
	}
	models[name] = { description, prompt, quants };
}
const reference = {
	source: 'native-check (native/llama-wasm/native-check.cpp), gcc, llama.cpp c392e5094deaf2d1a7c18683214f007fad3fe42b',
	models
};
writeFileSync('tests/e2e/fixtures/edgewise-native-ids.json', JSON.stringify(reference, null, '\t') + '\n');
console.log('wrote tests/e2e/fixtures/edgewise-native-ids.json');
