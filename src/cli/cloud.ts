// `npm run cloud -- --model DIR|HUB_ID [--port 4174] [--host 127.0.0.1] [--api-key KEY] [--dtype fp32]
//   [--cors-origin URL ...] [--max-concurrent 1] [--max-queue 8] [--models-dir static/models] [--log-prompts]`
// Starts the reference OpenAI-compatible server over a local model folder. The key can also come from
// EDGEWISE_API_KEY (keeps it out of shell history). Exit codes: 0 stopped, 1 failed, 2 bad arguments.
import { pathToFileURL } from 'node:url';
import { startReferenceServer } from '../server/index';
import { CloudArgsError, parseCloudArgs, resolveModelDir } from './cloud-args';

async function main(): Promise<void> {
	let args;
	try {
		args = parseCloudArgs(process.argv.slice(2), process.env);
		args = { ...args, ...(await resolveModelDir(args.model, args.modelsDir)) };
	} catch (err) {
		if (err instanceof CloudArgsError) {
			console.error(err.message);
			process.exit(2);
		}
		throw err;
	}
	const server = await startReferenceServer({
		modelDir: args.modelDir,
		modelId: args.modelId,
		dtype: args.dtype,
		host: args.host,
		port: args.port,
		apiKey: args.apiKey,
		corsOrigins: args.corsOrigins,
		maxConcurrent: args.maxConcurrent,
		maxQueue: args.maxQueue,
		logPrompts: args.logPrompts,
		logger: true
	});
	console.log(
		`Edgewise reference server: ${server.url}/v1 (model ${args.modelId}, ${args.dtype}${args.apiKey ? ', API key required' : ''})`
	);
	if (args.host !== '127.0.0.1' && args.host !== 'localhost' && !args.apiKey) {
		console.warn(`Listening on ${args.host} without --api-key: anyone who can reach this machine can use it.`);
	}
	let stopping = false;
	const stop = async () => {
		if (stopping) process.exit(130);
		stopping = true;
		await server.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	main().catch((err) => {
		console.error(err instanceof Error ? `${err.name}: ${err.message}` : err);
		process.exit(1);
	});
}
