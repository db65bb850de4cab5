// `npx tsx src/cli/serve.ts [--root build] [--host 127.0.0.1] [--port 4173] [--prepare] [--reference-url URL]`
// Serves the built app with the headers it needs (see src/server/static-server.ts). --prepare first
// generates the default model and builds when needed (the Playwright web server uses it).
import { startStaticServer } from '../server/static-server';
import { prepare } from './prepare';
import { flagsOrExit } from './cli-args';
import { onShutdown } from './shutdown';

const USAGE = `Usage: npx tsx src/cli/serve.ts [--root build] [--host 127.0.0.1] [--port 4173] [--prepare] [--log]
  [--reference-url http://127.0.0.1:4174/v1]   where a reference server runs, for the app's built-in endpoint`;

const values = flagsOrExit(
	process.argv.slice(2),
	{
		root: { type: 'string', default: 'build' },
		host: { type: 'string', default: '127.0.0.1' },
		port: { type: 'string', default: '4173' },
		prepare: { type: 'boolean', default: false },
		log: { type: 'boolean', default: false },
		'reference-url': { type: 'string' }
	},
	USAGE
);
const referenceUrl = values['reference-url'] ?? null;

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
	console.error(`--port must be a whole number from 0 to 65535, not "${values.port}"`);
	process.exit(2);
}

try {
	if (values.prepare) await prepare();
	const server = await startStaticServer({
		root: values.root,
		host: values.host,
		port,
		logger: values.log,
		referenceBaseUrl: () => referenceUrl
	});
	console.log(`Edgewise app: ${server.url}`);
	onShutdown(() => server.close());
} catch (error) {
	console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
	process.exit(1);
}
