// Ctrl-C (SIGINT) or SIGTERM closes every registered server once, then exits; a second Ctrl-C exits at once.
const closers: Array<() => Promise<void>> = [];
let shuttingDown = false;

async function shutdown(signal: NodeJS.Signals): Promise<void> {
	if (shuttingDown) process.exit(130);
	shuttingDown = true;
	console.log(`\n${signal}: shutting down`);
	const results = await Promise.allSettled(closers.map((close) => close()));
	const failed = results.filter((result) => result.status === 'rejected');
	for (const failure of failed) console.error(failure.reason);
	process.exit(failed.length ? 1 : 0);
}

export function onShutdown(close: () => Promise<void>): void {
	if (closers.length === 0) {
		process.on('SIGINT', (signal) => void shutdown(signal));
		process.on('SIGTERM', (signal) => void shutdown(signal));
	}
	closers.push(close);
}
