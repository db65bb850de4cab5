// `npm start [-- --host 127.0.0.1 --port 4173 --cloud-port 4174 --no-cloud]`
// The first-run command: generates the default model when missing, builds the app when build/ is
// missing or older than its sources, serves build/ (cross-origin isolated, see static-server.ts), and
// starts the reference cloud server on the same model, so Compare works local vs "cloud" with no setup.
// Ctrl-C stops both.
import { startReferenceServer } from '../server/index';
import { startStaticServer, type StaticServer } from '../server/static-server';
import { DEFAULT_MODEL_DIR, DEFAULT_MODEL_ID, defaultModelPresent, prepare } from './prepare';
import { cliArgsOrExit } from './cli-args';
import { onShutdown } from './shutdown';

const values = cliArgsOrExit(
	{
		host: { type: 'string', default: '127.0.0.1' },
		port: { type: 'string', default: '4173' },
		'cloud-port': { type: 'string', default: '4174' },
		'no-cloud': { type: 'boolean', default: false }
	},
	'Usage: npm start -- [options]\nMakes the default model and builds the app when needed, then serves the app and the reference cloud server.'
);

function portFrom(flag: string, value: string): number {
	const port = Number(value);
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		console.error(`--${flag} must be a whole number from 0 to 65535, not "${value}"`);
		process.exit(2);
	}
	return port;
}

async function startCloud(app: StaticServer, port: number): Promise<string | null> {
	if (values['no-cloud']) return null;
	if (!defaultModelPresent()) {
		console.warn(`No default model in ${DEFAULT_MODEL_DIR}: the reference cloud server is not started.`);
		return null;
	}
	// The reference server stays on loopback whatever --host says: it has no API key here.
	const cloud = await startReferenceServer({
		modelDir: DEFAULT_MODEL_DIR,
		modelId: DEFAULT_MODEL_ID,
		port,
		corsOrigins: [app.url, 'http://127.0.0.1:4173', 'http://localhost:4173']
	});
	onShutdown(() => cloud.close());
	return `${cloud.url}/v1`;
}

async function main(): Promise<void> {
	const appPort = portFrom('port', values.port);
	const cloudPort = portFrom('cloud-port', values['cloud-port']);
	await prepare();
	const app = await startStaticServer({ host: values.host, port: appPort });
	onShutdown(() => app.close());
	const cloudUrl = await startCloud(app, cloudPort);
	console.log('');
	console.log(`  Edgewise app:            ${app.url}`);
	if (cloudUrl) console.log(`  Reference cloud server:  ${cloudUrl} (model ${DEFAULT_MODEL_ID})`);
	if (cloudUrl && cloudPort !== 4174) console.log("  (the app's default endpoint is port 4174: change it in Settings)");
	console.log('');
	console.log('  Press Ctrl-C to stop.');
}

main().catch((error: unknown) => {
	if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
		const { port } = error as { port?: number };
		console.error(
			`Port ${port ?? ''} is already in use: stop the other server, or choose ports with --port and --cloud-port.`
		);
	} else {
		console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
	}
	process.exit(1);
});
