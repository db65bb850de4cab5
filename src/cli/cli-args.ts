// What every Edgewise command line does with --help and with a flag it does not know: usage on stdout
// and exit 0 for the first; one line on stderr and exit 2 for the second, never a stack trace.
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

export class ArgsError extends Error {
	override readonly name = 'ArgsError';
}

export function wantsHelp(argv: readonly string[]): boolean {
	const end = argv.indexOf('--');
	return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** node:util parseArgs, with its errors cut to one line that points at --help. */
export function parseFlags<T extends Options>(argv: string[], options: T) {
	try {
		return parseArgs({ args: argv, options, allowPositionals: false, strict: true }).values;
	} catch (err) {
		throw new ArgsError(`${oneLine(err)} Run with --help for the options.`);
	}
}

/** "Unknown option '--x'." without Node's advice about positionals. */
function oneLine(err: unknown): string {
	const message = err instanceof Error ? err.message : String(err);
	return (/^(Unknown option '[^']*')/.exec(message)?.[1] ?? (message.split('\n')[0] ?? '').replace(/\.$/, '')) + '.';
}

/** A usage text for scripts that do not write their own: the summary, then each flag with its default. */
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

/** For entry points: print usage and exit 0 on --help; otherwise parse, or print one line and exit 2. */
export function flagsOrExit<T extends Options>(argv: string[], options: T, usage: string) {
	if (wantsHelp(argv)) {
		console.log(usage);
		process.exit(0);
	}
	try {
		return parseFlags(argv, options);
	} catch (err) {
		console.error((err as Error).message);
		process.exit(2);
	}
}
