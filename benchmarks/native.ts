// npm run bench:native -- [--models tiny,smollm2-135m] [--dtypes fp32,q8,q4] [--threads 1,2]
//                         [--runs 5] [--warmups 2] [--new-tokens 32] [--skip-generation]
// 1. Generation time, peak memory and file sizes of the SmolLM2-135M twin per dtype (a fresh
//    make-model process each, so its peak RSS is its own).
// 2. Decode tokens/s and TTFT through transformers.js on onnxruntime-node, per model, dtype and thread
//    count (see native-harness.ts for definitions). Prints tables; writes bench-results/native-*.json.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flagsOrExit, usageText } from '../src/cli/cli-args';
import { ONNX_FILE_NAMES } from '../src/lib/models/synthetic/graph';
import type { Dtype } from '../src/lib/models/synthetic/quantize';
import { ensureSyntheticModel, measureNativeDecode, type NativeCaseResult } from './native-harness';

const repo = fileURLToPath(new URL('..', import.meta.url));
const MODEL_ROOT = join(repo, 'models/native-bench');
const MODELS: Record<string, { id: string; shape: 'tiny' | 'smollm2-135m' }> = {
	tiny: { id: 'edgewise-tiny', shape: 'tiny' },
	'smollm2-135m': { id: 'smollm2-135m-twin', shape: 'smollm2-135m' }
};

interface GenerationRow {
	dtype: Dtype;
	wallMs: number;
	peakRssBytes: number | null;
	onnxBytes: number;
	folderBytes: number;
}

async function folderBytes(dir: string): Promise<number> {
	let total = 0;
	for (const e of await readdir(dir, { recursive: true, withFileTypes: true }))
		if (e.isFile()) total += (await stat(join(e.parentPath, e.name))).size;
	return total;
}

async function measureGeneration(dtypes: Dtype[]): Promise<GenerationRow[]> {
	const rows: GenerationRow[] = [];
	const scratch = await mkdtemp(join(tmpdir(), 'edgewise-bench-gen-'));
	try {
		for (const dtype of dtypes) {
			const out = join(scratch, dtype);
			const started = performance.now();
			const run = spawnSync(
				process.execPath,
				[
					'--import',
					'tsx',
					join(repo, 'src/cli/make-model.ts'),
					'--shape',
					'smollm2-135m',
					'--dtype',
					dtype,
					'--seed',
					'1',
					'--out',
					out
				],
				{ cwd: repo, encoding: 'utf8' }
			);
			const wallMs = performance.now() - started;
			if (run.status !== 0) throw new Error(`make-model failed for ${dtype}: ${run.stderr}`);
			const rss = /peak RSS (\d+) MB/.exec(run.stderr);
			rows.push({
				dtype,
				wallMs,
				peakRssBytes: rss ? Number(rss[1]) * 1024 * 1024 : null,
				onnxBytes: (await stat(join(out, ONNX_FILE_NAMES[dtype]))).size,
				folderBytes: await folderBytes(out)
			});
			await rm(out, { recursive: true, force: true });
		}
	} finally {
		await rm(scratch, { recursive: true, force: true });
	}
	return rows;
}

const mb = (bytes: number | null) => (bytes === null ? 'n/a' : (bytes / 1e6).toFixed(1));
const fixed = (v: number | undefined, digits = 1) => (v === undefined ? 'n/a' : v.toFixed(digits));

function decodeTable(results: NativeCaseResult[]): string {
	const lines = [
		'| model | dtype | threads | TTFT ms (median) | decode tok/s (median) | decode CV | x vs fp32 same threads | load ms |',
		'|---|---|---|---|---|---|---|---|'
	];
	for (const r of results) {
		const base = results.find((b) => b.modelId === r.modelId && b.threads === r.threads && b.dtype === 'fp32');
		const ratio =
			base?.decodeTokensPerS && r.decodeTokensPerS
				? r.decodeTokensPerS.median / base.decodeTokensPerS.median
				: undefined;
		lines.push(
			`| ${r.modelId} | ${r.dtype} | ${r.threads} | ${fixed(r.ttftMs?.median)} | ${fixed(r.decodeTokensPerS?.median)} | ${fixed(
				r.decodeTokensPerS?.cv === null ? undefined : (r.decodeTokensPerS?.cv ?? 0) * 100,
				0
			)}% | ${fixed(ratio, 2)} | ${r.loadMs.toFixed(0)} |`
		);
	}
	return lines.join('\n');
}

function generationTable(rows: GenerationRow[]): string {
	return [
		'| dtype | generation s | peak RSS MB | ONNX file MB | folder MB |',
		'|---|---|---|---|---|',
		...rows.map(
			(r) =>
				`| ${r.dtype} | ${(r.wallMs / 1000).toFixed(1)} | ${mb(r.peakRssBytes)} | ${mb(r.onnxBytes)} | ${mb(r.folderBytes)} |`
		)
	].join('\n');
}

async function main(): Promise<void> {
	const options = {
		models: { type: 'string', default: 'tiny,smollm2-135m' },
		dtypes: { type: 'string', default: 'fp32,q8,q4' },
		threads: { type: 'string', default: '1,2' },
		runs: { type: 'string', default: '5' },
		warmups: { type: 'string', default: '2' },
		'new-tokens': { type: 'string', default: '32' },
		'skip-generation': { type: 'boolean', default: false }
	} as const;
	const values = flagsOrExit(
		process.argv.slice(2),
		options,
		usageText(
			'Usage: npm run bench:native -- [options]\nThe native baseline: twin generation cost, then transformers.js decode on onnxruntime-node.',
			options
		)
	);
	const models = values.models.split(',').map((m) => {
		if (!MODELS[m]) throw new Error(`Unknown model "${m}"; use ${Object.keys(MODELS).join(', ')}.`);
		return MODELS[m];
	});
	const dtypes = values.dtypes.split(',') as Dtype[];
	const threads = values.threads.split(',').map(Number);
	const [runs, warmups, newTokens] = [values.runs, values.warmups, values['new-tokens']].map(Number) as [
		number,
		number,
		number
	];

	// Shared build machines are noisy: record how busy this one was, so numbers can be read in context.
	const loadBefore = loadavg()[0] ?? NaN;
	const generation = values['skip-generation'] ? [] : await measureGeneration(dtypes);
	if (generation.length)
		console.log(`\nSmolLM2-135M twin generation (make-model, one process per dtype)\n${generationTable(generation)}`);

	const results: NativeCaseResult[] = [];
	for (const model of models) {
		await ensureSyntheticModel(MODEL_ROOT, model.id, model.shape);
		for (const dtype of dtypes)
			for (const t of threads) {
				// Tiny models keep speeding up over the first runs (JIT tiering): warm them longer.
				const w = model.shape === 'tiny' ? Math.max(warmups, 10) : warmups;
				const r = await measureNativeDecode({
					modelRoot: MODEL_ROOT,
					modelId: model.id,
					dtype,
					threads: t,
					runs,
					warmups: w,
					newTokens
				});
				results.push(r);
				process.stderr.write(`bench:native ${model.id} ${dtype} ${t}T: ${fixed(r.decodeTokensPerS?.median)} tok/s\n`);
			}
	}
	const load = { cores: cpus().length, before: loadBefore, after: loadavg()[0] ?? NaN };
	console.log(
		`\nDecode through transformers.js ${newTokens} new tokens, ${runs} runs (node ${process.version})\n${decodeTable(results)}`
	);
	console.log(
		`\n1-minute load average ${load.before.toFixed(1)} before, ${load.after.toFixed(1)} after, on ${load.cores} cores`
	);

	await mkdir(join(repo, 'bench-results'), { recursive: true });
	const file = join(repo, 'bench-results', `native-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
	const report = {
		kind: 'edgewise-native-baseline',
		node: process.version,
		load,
		runs,
		warmups,
		newTokens,
		generation,
		decode: results
	};
	await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
	console.log(`\nwrote ${file}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
