// Arguments of `npm run cloud`, and how --model finds its folder: a path to a folder, or a Hub id looked
// up under a local models folder (this server never downloads).
import { stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { DEFAULT_MODEL_ID } from '../lib/models/builtin';
import { ArgsError, parseFlags } from './cli-args';

export class CloudArgsError extends Error {
	override readonly name = 'CloudArgsError';
}

export interface CloudArgs {
	model: string;
	modelsDir: string;
	dtype: string;
	host: string;
	port: number;
	apiKey?: string;
	corsOrigins?: string[];
	maxConcurrent: number;
	maxQueue: number;
	logPrompts: boolean;
}

export const CLOUD_USAGE =
	'Usage: npm run cloud -- --model DIR|HUB_ID [--port 4174] [--host 127.0.0.1] [--api-key KEY] [--dtype fp32|q8|q4] [--cors-origin URL]... [--max-concurrent N] [--max-queue N] [--models-dir DIR] [--log-prompts]';

export function parseCloudArgs(argv: string[], envVars: Record<string, string | undefined> = {}): CloudArgs {
	let values;
	try {
		values = parseFlags(argv, {
			model: { type: 'string', default: DEFAULT_MODEL_ID },
			'models-dir': { type: 'string', default: 'static/models' },
			dtype: { type: 'string', default: 'fp32' },
			host: { type: 'string', default: '127.0.0.1' },
			port: { type: 'string', default: '4174' },
			'api-key': { type: 'string' },
			'cors-origin': { type: 'string', multiple: true },
			'max-concurrent': { type: 'string', default: '1' },
			'max-queue': { type: 'string', default: '8' },
			'log-prompts': { type: 'boolean', default: false }
		});
	} catch (err) {
		if (err instanceof ArgsError) throw new CloudArgsError(err.message);
		throw err;
	}
	const int = (name: string, value: string, min: number, max: number) => {
		const n = Number(value);
		if (!Number.isInteger(n) || n < min || n > max)
			throw new CloudArgsError(
				`--${name} must be a whole number from ${min} to ${max}, not "${value}". Run with --help for the options.`
			);
		return n;
	};
	if (!['fp32', 'q8', 'q4'].includes(values.dtype))
		throw new CloudArgsError(`--dtype must be fp32, q8 or q4, not "${values.dtype}".`);
	const apiKey = values['api-key'] ?? envVars.EDGEWISE_API_KEY;
	return {
		model: values.model,
		modelsDir: values['models-dir'],
		dtype: values.dtype,
		host: values.host,
		port: int('port', values.port, 0, 65535),
		...(apiKey ? { apiKey } : {}),
		// Loopback origins (the app wherever `npm start` serves it) are allowed whatever this list says.
		...(values['cors-origin'] ? { corsOrigins: values['cors-origin'] } : {}),
		maxConcurrent: int('max-concurrent', values['max-concurrent'], 1, 64),
		maxQueue: int('max-queue', values['max-queue'], 0, 10_000),
		logPrompts: values['log-prompts']
	};
}

const isDir = async (p: string) => (await stat(p).catch(() => null))?.isDirectory() ?? false;

/** DIR is used as is; a Hub id (owner/name or name) is looked up as modelsDir/ID. */
export async function resolveModelDir(
	model: string,
	modelsDir: string
): Promise<{ modelDir: string; modelId: string }> {
	if (await isDir(model)) return { modelDir: resolve(model), modelId: basename(resolve(model)) };
	const underModels = join(modelsDir, model);
	if (await isDir(underModels)) return { modelDir: resolve(underModels), modelId: model };
	throw new CloudArgsError(
		`No model folder "${model}", and none at ${underModels}. This server does not download from the Hugging Face Hub ` +
			`(and this machine may not reach it): put the model's files (config.json, tokenizer.json, tokenizer_config.json, onnx/model*.onnx) ` +
			`in ${underModels}, or pass --model with a folder path. For the default model run \`npm run models:default\`.`
	);
}
