// One way every command-line entry point reads its flags: `--help` prints the usage and exits 0; an
// unknown or malformed flag prints one line (and where to find the usage) and exits 2, never a stack trace.
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
type ParsedValues<T extends Options> = ReturnType<
	typeof parseArgs<{ options: T; strict: true; allowPositionals: false }>
>['values'];

/** The usage text: the summary, then each flag with its default, generated from the options themselves. */
export function usageText(summary: string, options: Options): string {
	const lines = Object.entries(options).map(([name, option]) => {
		const value = option.type === 'string' ? ` ${name.toUpperCase().replace(/-/g, '_')}` : '';
		const repeat = option.multiple ? ' (repeatable)' : '';
		const fallback =
			option.default !== undefined && option.type === 'string' ? ` (default ${String(option.default)})` : '';
		return `  --${name}${value}${repeat}${fallback}`;
	});
	return [summary, '', 'Options:', ...lines, '  --help, -h'].join('\n');
}

export class CliUsageError extends Error {
	override name = 'CliUsageError';
}

/** parseArgs with --help; throws CliUsageError (one line) on a flag it does not know. */
export function parseCliArgs<T extends Options>(options: T, summary: string, args: string[] = process.argv.slice(2)) {
	let values: Record<string, unknown>;
	try {
		({ values } = parseArgs({
			args,
			options: { ...options, help: { type: 'boolean', short: 'h' } },
			strict: true,
			allowPositionals: false
		}));
	} catch (error) {
		const first = (error as Error).message.split('\n')[0].replace(/\.?$/, '.');
		throw new CliUsageError(`${first} Run with --help for the options.`);
	}
	if (values.help) {
		console.log(usageText(summary, options));
		process.exit(0);
	}
	delete values.help;
	return values as ParsedValues<T>;
}

/** For scripts: parseCliArgs that prints the one line and exits 2 on a usage error. */
export function cliArgsOrExit<T extends Options>(options: T, summary: string, args: string[] = process.argv.slice(2)) {
	try {
		return parseCliArgs(options, summary, args);
	} catch (error) {
		if (!(error instanceof CliUsageError)) throw error;
		console.error(error.message);
		process.exit(2);
	}
}
