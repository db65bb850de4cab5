// npm run make-model -- --shape tiny --dtype fp32,q8,q4 --seed 1 --out DIR [--if-missing]
// npm run make-model -- --from-llama2c model.bin --tokenizer tok.bin --out DIR [--dtype ...] [--if-missing]
// Writes a synthetic Hub-layout model folder, or converts a llama2.c checkpoint (trained weights) into one. --dtype also takes llama.cpp's f32, q8_0 and q4_0, which
// write model-f32.gguf, model-q8_0.gguf, model-q4_0.gguf at the folder's top, beside config.json. Dimension flags (--hidden, --heads, ...) override the
// named shape, e.g. to try a variant. Exit codes: 0 done (or skipped), 1 failed, 2 bad arguments.
import { readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { convertLlama2c, CONVERTER_VERSION, sha256Hex, type ConvertedModel } from '../lib/models/llama2c/convert';
import { formatBytes, formatMiB, formatSeconds } from '../lib/bench/format';
import { GENERATOR_VERSION } from '../lib/models/synthetic/config-files';
import { ONNX_FILE_NAMES } from '../lib/models/synthetic/graph';
import { generateModel, type GeneratedModel, type GenerateProgress } from '../lib/models/synthetic/generate';
import { GGUF_FILE_NAMES, GGUF_QUANTS, isGgufQuant, type GgufQuant } from '../lib/models/synthetic/gguf';
import { DTYPES, type Dtype } from '../lib/models/synthetic/quantize';
import { InvalidShapeError, validateShape } from '../lib/models/synthetic/shape-check';
import { SHAPES, type ModelShape } from '../lib/models/synthetic/shapes';
import { parseFlags, wantsHelp } from './cli-args';
import { writeFolderAtomically } from './node-model-writer';

export class UsageError extends Error {
	override name = 'UsageError';
}

export interface MakeModelRequest {
	shape: ModelShape;
	dtypes: Dtype[];
	/** GGUF files for llama.cpp; none unless asked for. */
	ggufQuants?: GgufQuant[];
	seed: number;
	out: string;
	ifMissing?: boolean;
	onProgress?: (p: GenerateProgress) => void;
}

const USAGE = `Usage: npm run make-model -- --shape <${Object.keys(SHAPES).join('|')}> --out DIR
  [--dtype fp32,q8,q4,f32,q8_0,q4_0] [--seed 1] [--if-missing]
  (fp32, q8, q4: ONNX graphs under onnx/; f32, q8_0, q4_0: GGUF files for llama.cpp, model-<dtype>.gguf)
  [--layers N] [--hidden N] [--heads N] [--kv-heads N] [--intermediate N] [--vocab N]
  A synthetic model has random weights: its text is noise, its speed is real.
or:    npm run make-model -- --from-llama2c CHECKPOINT.bin --tokenizer TOKENIZER.bin --out DIR
  [--dtype fp32,q8,q4,f32,q8_0,q4_0] [--if-missing]
  Converts a llama2.c checkpoint (legacy version-0 format, e.g. assets/stories260K/stories260K.bin) and its
  tokenizer (e.g. assets/stories260K/tok512.bin) into the same layout; the model's id is DIR's name.`;

const OVERRIDES = {
	layers: 'numLayers',
	hidden: 'hiddenSize',
	heads: 'numHeads',
	'kv-heads': 'numKvHeads',
	intermediate: 'intermediateSize',
	vocab: 'vocabSize'
} as const;

export interface ConvertRequest {
	checkpoint: string;
	tokenizer: string;
	dtypes: Dtype[];
	ggufQuants: GgufQuant[];
	out: string;
	ifMissing?: boolean;
}

function parseDtypes(raw: string): { dtypes: Dtype[]; ggufQuants: GgufQuant[] } {
	const dtypes = raw
		.split(',')
		.map((d) => d.trim())
		.filter(Boolean);
	const bad = dtypes.filter((d) => !DTYPES.includes(d as Dtype) && !isGgufQuant(d));
	if (bad.length > 0 || dtypes.length === 0)
		throw new UsageError(
			`Unknown dtype "${bad.join(',')}"; use a comma list of ${[...DTYPES, ...GGUF_QUANTS].join(', ')}.`
		);
	return {
		dtypes: DTYPES.filter((d) => dtypes.includes(d)),
		ggufQuants: GGUF_QUANTS.filter((q) => dtypes.includes(q))
	};
}

export function isConvertArgs(argv: readonly string[]): boolean {
	return argv.some((a) => a === '--from-llama2c' || a.startsWith('--from-llama2c='));
}

export function parseConvertArgs(argv: string[]): ConvertRequest {
	const values = parseFlags(argv, {
		'from-llama2c': { type: 'string' },
		tokenizer: { type: 'string' },
		dtype: { type: 'string', default: DTYPES.join(',') },
		out: { type: 'string' },
		'if-missing': { type: 'boolean', default: false }
	});
	if (!values['from-llama2c']) throw new UsageError(`--from-llama2c needs the checkpoint file.\n${USAGE}`);
	if (!values.tokenizer)
		throw new UsageError(`--tokenizer is required with --from-llama2c (llama2.c's tokenizer .bin file).\n${USAGE}`);
	if (!values.out) throw new UsageError(`--out is required.\n${USAGE}`);
	return {
		checkpoint: values['from-llama2c'],
		tokenizer: values.tokenizer,
		...parseDtypes(String(values.dtype)),
		out: values.out,
		ifMissing: Boolean(values['if-missing'])
	};
}

/** True when `dir` holds a conversion of exactly these inputs, by this converter, with (at least) these dtypes. */
export async function isConversionComplete(
	dir: string,
	req: Pick<ConvertRequest, 'dtypes' | 'ggufQuants'>,
	hashes: { checkpointSha256: string; tokenizerSha256: string }
): Promise<boolean> {
	try {
		const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
		const meta = config.edgewise_converted;
		if (
			meta?.converter_version !== CONVERTER_VERSION ||
			meta?.checkpoint_sha256 !== hashes.checkpointSha256 ||
			meta?.tokenizer_sha256 !== hashes.tokenizerSha256
		)
			return false;
		const needed = [
			'generation_config.json',
			'tokenizer.json',
			'tokenizer_config.json',
			...req.dtypes.map((d) => ONNX_FILE_NAMES[d]),
			...req.ggufQuants.map((q) => GGUF_FILE_NAMES[q])
		];
		for (const file of needed) if ((await stat(join(dir, file))).size === 0) return false;
		return true;
	} catch {
		return false;
	}
}

/** Converts a llama2.c checkpoint into `out` atomically; returns null when --if-missing found it done. */
export async function convertModel(
	req: ConvertRequest & { onProgress?: (p: GenerateProgress) => void }
): Promise<ConvertedModel | null> {
	const [checkpoint, tokenizer] = await Promise.all([readFile(req.checkpoint), readFile(req.tokenizer)]);
	const hashes = { checkpointSha256: await sha256Hex(checkpoint), tokenizerSha256: await sha256Hex(tokenizer) };
	if (req.ifMissing && (await isConversionComplete(req.out, req, hashes))) return null;
	try {
		return await writeFolderAtomically(req.out, (writer) =>
			convertLlama2c({
				name: basename(resolve(req.out)),
				checkpoint,
				tokenizer,
				dtypes: req.dtypes,
				ggufQuants: req.ggufQuants,
				writer,
				source: { ...hashes, description: `${basename(req.checkpoint)} with ${basename(req.tokenizer)}` },
				onTensor: (done, total) => req.onProgress?.({ stage: 'weights', done, total })
			})
		);
	} catch (err) {
		if (req.ifMissing && (await isConversionComplete(req.out, req, hashes))) return null;
		throw err;
	}
}

export function parseMakeModelArgs(argv: string[]): Omit<MakeModelRequest, 'onProgress'> {
	const values = parseFlags(argv, {
		shape: { type: 'string' },
		dtype: { type: 'string', default: DTYPES.join(',') },
		seed: { type: 'string', default: '1' },
		out: { type: 'string' },
		'if-missing': { type: 'boolean', default: false },
		...Object.fromEntries(Object.keys(OVERRIDES).map((k) => [k, { type: 'string' as const }]))
	});
	const name = values.shape as string | undefined;
	if (!name) throw new UsageError(`--shape is required.\n${USAGE}`);
	if (!(name in SHAPES))
		throw new UsageError(`Unknown shape "${name}"; known shapes: ${Object.keys(SHAPES).join(', ')}.`);
	if (!values.out) throw new UsageError(`--out is required.\n${USAGE}`);
	const { dtypes, ggufQuants } = parseDtypes(String(values.dtype));
	const seed = Number(values.seed);
	if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
		throw new UsageError(`--seed must be an integer from 0 to 4294967295.`);

	const shape: ModelShape = { ...SHAPES[name as keyof typeof SHAPES] };
	let overridden = false;
	for (const [flag, key] of Object.entries(OVERRIDES)) {
		const raw = (values as Record<string, unknown>)[flag];
		if (raw === undefined) continue;
		const n = Number(raw);
		if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${flag} must be a positive integer (got ${raw}).`);
		shape[key] = n;
		overridden = true;
	}
	if (overridden) {
		shape.name = `${name}-custom`;
		delete shape.twinOf;
		if (shape.hiddenSize % shape.numHeads === 0) shape.headDim = shape.hiddenSize / shape.numHeads;
	}
	try {
		validateShape(shape);
	} catch (err) {
		if (err instanceof InvalidShapeError) throw new UsageError(err.message);
		throw err;
	}
	return {
		shape,
		dtypes,
		ggufQuants,
		seed,
		out: values.out,
		ifMissing: Boolean(values['if-missing'])
	};
}

/** True when `dir` holds a finished model of this shape, seed and (at least these) dtypes. */
export async function isModelComplete(
	dir: string,
	req: Pick<MakeModelRequest, 'shape' | 'dtypes' | 'seed' | 'ggufQuants'>
): Promise<boolean> {
	try {
		const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
		const meta = config.edgewise_synthetic;
		if (meta?.shape !== req.shape.name || meta?.seed !== req.seed || meta?.generator_version !== GENERATOR_VERSION)
			return false;
		if (config.hidden_size !== req.shape.hiddenSize || config.num_hidden_layers !== req.shape.numLayers) return false;
		const needed = [
			'generation_config.json',
			'tokenizer.json',
			'tokenizer_config.json',
			...req.dtypes.map((d) => ONNX_FILE_NAMES[d]),
			...(req.ggufQuants ?? []).map((q) => GGUF_FILE_NAMES[q])
		];
		for (const file of needed) if ((await stat(join(dir, file))).size === 0) return false;
		return true;
	} catch {
		return false;
	}
}

/** Generates the model into `out` atomically; returns null when --if-missing found it complete. */
export async function makeModel(req: MakeModelRequest): Promise<GeneratedModel | null> {
	if (req.ifMissing && (await isModelComplete(req.out, req))) return null;
	try {
		return await writeFolderAtomically(req.out, (writer) =>
			generateModel({
				shape: req.shape,
				dtypes: req.dtypes,
				ggufQuants: req.ggufQuants,
				seed: req.seed,
				writer,
				onProgress: req.onProgress
			})
		);
	} catch (err) {
		// Two --if-missing runs at once (npm start and a test setup): the loser's final rename fails,
		// but the folder the winner put in place is just as good.
		if (req.ifMissing && (await isModelComplete(req.out, req))) return null;
		throw err;
	}
}

/** A line per stage change and at most one per second within a stage: quiet for tiny, alive for twins. */
function stderrProgress(): (p: GenerateProgress) => void {
	let lastStage = '';
	let lastAt = 0;
	return (p) => {
		const now = performance.now();
		if (p.stage === lastStage && now - lastAt < 1000 && p.done < p.total) return;
		lastStage = p.stage;
		lastAt = now;
		process.stderr.write(`make-model: ${p.stage} ${p.done}/${p.total}\n`);
	};
}

async function convertMain(argv: string[]): Promise<void> {
	let req;
	try {
		req = parseConvertArgs(argv);
	} catch (err) {
		process.stderr.write(`make-model: ${(err as Error).message}\n`);
		process.exit(2);
	}
	const started = performance.now();
	try {
		const result = await convertModel({ ...req, onProgress: stderrProgress() });
		if (!result) {
			process.stderr.write(`make-model: ${req.out} is a complete conversion of ${req.checkpoint}; skipped.\n`);
			return;
		}
		const size = formatBytes(result.totalBytes);
		const took = formatSeconds(performance.now() - started);
		process.stderr.write(
			`make-model: converted ${req.checkpoint} into ${req.out} (${[...result.dtypes, ...result.ggufQuants].join(',')}, ${size}) in ${took}\n`
		);
	} catch (err) {
		const code = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 2 : 1;
		process.stderr.write(`make-model: ${(err as Error).name}: ${(err as Error).message}\n`);
		process.exit(code);
	}
}

async function main(): Promise<void> {
	if (wantsHelp(process.argv.slice(2))) {
		console.log(USAGE);
		return;
	}
	if (isConvertArgs(process.argv.slice(2))) return convertMain(process.argv.slice(2));
	let req;
	try {
		req = parseMakeModelArgs(process.argv.slice(2));
	} catch (err) {
		process.stderr.write(`make-model: ${(err as Error).message}\n`);
		process.exit(2);
	}
	const started = performance.now();
	try {
		const result = await makeModel({ ...req, onProgress: stderrProgress() });
		if (!result) {
			process.stderr.write(`make-model: ${req.out} is complete (${req.shape.name}, seed ${req.seed}); skipped.\n`);
			return;
		}
		const size = formatBytes(result.totalBytes);
		const took = formatSeconds(performance.now() - started);
		// maxRSS is in KiB: a memory figure, so it reads in MiB.
		const peakRss = formatMiB(process.resourceUsage().maxRSS * 1024);
		process.stderr.write(
			`make-model: wrote ${req.out} (${req.shape.name}, ${[...result.dtypes, ...result.ggufQuants].join(',')}, ${size}) in ${took}, peak RSS ${peakRss}\n`
		);
	} catch (err) {
		process.stderr.write(`make-model: ${(err as Error).name}: ${(err as Error).message}\n`);
		process.exit(1);
	}
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
