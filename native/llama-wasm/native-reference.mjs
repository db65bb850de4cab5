// Writes tests/e2e/fixtures/edgewise-native-ids.json: greedy ids and each step's lead (best logit over the
// runner-up, over the largest |logit|) from native llama.cpp at the pinned commit (native-check, built by
// native-check.sh with gcc) on the default model's GGUF twins. The e2e spec compares the wasm builds with it.
//   node native/llama-wasm/native-reference.mjs   (after npm run models:default and native-check.sh)
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const binary = process.env.EW_NATIVE_CHECK ?? 'native/llama-wasm/.build/native-check';
const PROMPT = 'Hello world, the edge';
const TOKENS = 24;
const models = {};
for (const quant of ['f32', 'q8_0', 'q4_0']) {
	const file = `static/models/edgewise-tiny/model-${quant}.gguf`;
	models[quant] = JSON.parse(execFileSync(binary, [file, '1', String(TOKENS), PROMPT], { encoding: 'utf8' }));
}
const reference = {
	source: 'native-check (native/llama-wasm/native-check.cpp), gcc, llama.cpp c392e5094deaf2d1a7c18683214f007fad3fe42b',
	model: 'edgewise-tiny (seed 1)',
	prompt: PROMPT,
	models
};
writeFileSync('tests/e2e/fixtures/edgewise-native-ids.json', JSON.stringify(reference, null, '\t') + '\n');
console.log('wrote tests/e2e/fixtures/edgewise-native-ids.json');
