// `npx tsx src/cli/serve.ts [--root build] [--host 127.0.0.1] [--port 4173] [--prepare]`
// Serves the built app with the headers it needs (see src/server/static-server.ts). --prepare first
// generates the default model and builds when needed (the Playwright web server uses it).
import { cliArgsOrExit } from './cli-args';
import { startStaticServer } from '../server/static-server';
import { prepare } from './prepare';
import { onShutdown } from './shutdown';

const values = cliArgsOrExit(
	{
		root: { type: 'string', default: 'build' },
		host: { type: 'string', default: '127.0.0.1' },
		port: { type: 'string', default: '4173' },
		prepare: { type: 'boolean', default: false },
		log: { type: 'boolean', default: false }
	},
	'Usage: npx tsx src/cli/serve.ts [options]\nServes the built app cross-origin isolated; --prepare first makes the default model and builds when stale.'
);

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
	console.error(`--port must be a whole number from 0 to 65535, not "${values.port}"`);
	process.exit(2);
}

try {
	if (values.prepare) await prepare();
	const server = await startStaticServer({ root: values.root, host: values.host, port, logger: values.log });
	console.log(`Edgewise app: ${server.url}`);
	onShutdown(() => server.close());
} catch (error) {
	console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
	process.exit(1);
}
