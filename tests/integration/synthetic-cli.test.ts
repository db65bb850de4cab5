// The make-model CLI as a user runs it (a spawned process): determinism across runs and against the
// in-process generator, --if-missing, and bad input (clear message, non-zero exit, no partial folder).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERATOR_VERSION } from '../../src/lib/models/synthetic/config-files';
import { generateModel } from '../../src/lib/models/synthetic/generate';
import { MemoryModelWriter } from '../../src/lib/models/synthetic/model-writer';
import { SHAPES } from '../../src/lib/models/synthetic/shapes';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(repo, 'src/cli/make-model.ts');
let root: string;

function makeModel(...args: string[]) {
	const run = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: repo, encoding: 'utf8' });
	return { code: run.status, stderr: run.stderr };
}

async function hashes(dir: string): Promise<Record<string, string>> {
	const out: Record<string, string> = {};
	for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
		if (!entry.isFile()) continue;
		const path = join(entry.parentPath, entry.name);
		out[relative(dir, path)] = createHash('sha256')
			.update(await readFile(path))
			.digest('hex');
	}
	return out;
}

beforeAll(async () => {
	root = await mkdtemp(join(tmpdir(), 'edgewise-make-model-'));
});

afterAll(async () => {
	await rm(root, { recursive: true, force: true });
});

describe('make-model determinism', () => {
	it('two runs give byte-identical files, equal to the in-process generator', async () => {
		const args = ['--shape', 'tiny', '--dtype', 'fp32,q8,q4', '--seed', '1'];
		expect(makeModel(...args, '--out', join(root, 'a')).code).toBe(0);
		expect(makeModel(...args, '--out', join(root, 'b')).code).toBe(0);
		const a = await hashes(join(root, 'a'));
		expect(Object.keys(a).sort()).toEqual([
			'config.json',
			'generation_config.json',
			'onnx/model.onnx',
			'onnx/model_q4.onnx',
			'onnx/model_quantized.onnx',
			'special_tokens_map.json',
			'tokenizer.json',
			'tokenizer_config.json'
		]);
		expect(await hashes(join(root, 'b'))).toEqual(a);

		const memory = new MemoryModelWriter();
		await generateModel({ shape: SHAPES.tiny, dtypes: ['fp32', 'q8', 'q4'], seed: 1, writer: memory });
		const inProcess = Object.fromEntries(
			[...memory.files].map(([p, bytes]) => [p, createHash('sha256').update(bytes).digest('hex')])
		);
		expect(inProcess).toEqual(a);

		// Another seed changes the weights.
		expect(makeModel(...args.slice(0, 4), '--seed', '2', '--out', join(root, 'c')).code).toBe(0);
		expect((await hashes(join(root, 'c')))['onnx/model.onnx']).not.toBe(a['onnx/model.onnx']);
	});

	it('--if-missing skips a complete folder and regenerates an incomplete one', async () => {
		const out = join(root, 'skip');
		const args = ['--shape', 'tiny', '--dtype', 'q4', '--out', out, '--if-missing'];
		expect(makeModel(...args).code).toBe(0);
		const first = (await stat(join(out, 'onnx/model_q4.onnx'))).mtimeMs;
		const again = makeModel(...args);
		expect(again.code).toBe(0);
		expect(again.stderr).toMatch(/skipped/);
		expect((await stat(join(out, 'onnx/model_q4.onnx'))).mtimeMs).toBe(first);
		await rm(join(out, 'tokenizer.json'));
		expect(makeModel(...args).stderr).toMatch(/wrote/);
		await expect(stat(join(out, 'tokenizer.json'))).resolves.toBeTruthy();
		// A folder from an older generator is regenerated too.
		const configPath = join(out, 'config.json');
		const config = JSON.parse(await readFile(configPath, 'utf8'));
		await writeFile(
			configPath,
			JSON.stringify({ ...config, edgewise_synthetic: { ...config.edgewise_synthetic, generator_version: 1 } })
		);
		expect(makeModel(...args).stderr).toMatch(/wrote/);
		expect(JSON.parse(await readFile(configPath, 'utf8')).edgewise_synthetic.generator_version).toBe(GENERATOR_VERSION);
	});
});

describe('make-model GGUF', () => {
	it('--dtype f32,q8_0,q4_0 writes model-*.gguf beside the ONNX graphs, which stay byte-identical', async () => {
		const onnxOnly = await hashes(join(root, 'a'));
		const out = join(root, 'gguf');
		expect(makeModel('--shape', 'tiny', '--dtype', 'fp32,q8,q4,f32,q8_0,q4_0', '--seed', '1', '--out', out).code).toBe(
			0
		);
		const both = await hashes(out);
		for (const file of Object.keys(onnxOnly).filter((f) => f !== 'config.json'))
			expect(both[file]).toBe(onnxOnly[file]);
		expect(
			Object.keys(both)
				.filter((f) => f.endsWith('.gguf'))
				.sort()
		).toEqual(['model-f32.gguf', 'model-q4_0.gguf', 'model-q8_0.gguf']);
		const config = JSON.parse(await readFile(join(out, 'config.json'), 'utf8'));
		expect(config.edgewise_synthetic.gguf).toEqual(['f32', 'q8_0', 'q4_0']);
		// GGUF alone, and --if-missing notices a missing GGUF file.
		const alone = join(root, 'gguf-alone');
		const args = ['--shape', 'tiny', '--dtype', 'q4_0', '--out', alone, '--if-missing'];
		expect(makeModel(...args).code).toBe(0);
		expect((await hashes(alone))['model-q4_0.gguf']).toBe(both['model-q4_0.gguf']);
		expect(makeModel(...args).stderr).toMatch(/skipped/);
		await rm(join(alone, 'model-q4_0.gguf'));
		expect(makeModel(...args).stderr).toMatch(/wrote/);
	});
});

describe('make-model bad input', () => {
	const leftovers = async () => (await readdir(root)).filter((name) => name.startsWith('.') || name.startsWith('bad'));

	it('rejects an unknown shape', async () => {
		const run = makeModel('--shape', 'gpt-5', '--out', join(root, 'bad-shape'));
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(/Unknown shape "gpt-5"; known shapes: tiny, smollm2-135m/);
		expect(await leftovers()).toEqual([]);
	});

	it('rejects heads that do not divide the hidden size', async () => {
		const run = makeModel('--shape', 'tiny', '--heads', '5', '--kv-heads', '1', '--out', join(root, 'bad-heads'));
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(/numHeads \(5\) must divide hiddenSize \(64\)/);
		expect(await leftovers()).toEqual([]);
	});

	it('rejects an unknown dtype and a missing --out', () => {
		expect(makeModel('--shape', 'tiny', '--dtype', 'fp16', '--out', join(root, 'bad-dtype')).stderr).toMatch(
			/Unknown dtype "fp16"/
		);
		const run = makeModel('--shape', 'tiny');
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(/--out is required/);
	});

	it('fails cleanly on an unwritable output folder', async () => {
		const file = join(root, 'bad-not-a-folder');
		await writeFile(file, 'a file where a folder should be');
		const run = makeModel('--shape', 'tiny', '--out', join(file, 'model'));
		expect(run.code).toBe(1);
		expect(run.stderr).toMatch(/OutputFolderError: .*Choose a writable --out/);
		expect(await readdir(root)).not.toContain('model');
		expect((await stat(file)).isFile()).toBe(true);
	});

	it('removes its temporary folder when generation fails midway', async () => {
		// A vocabulary too small for a byte-level tokenizer fails after the temporary folder exists.
		const run = makeModel('--shape', 'tiny', '--vocab', '100', '--out', join(root, 'bad-vocab'));
		expect(run.code).toBe(1);
		expect(run.stderr).toMatch(/vocab/i);
		expect(await leftovers()).toEqual(['bad-not-a-folder']);
	});
});
