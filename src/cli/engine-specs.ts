// The bench CLI's engines, as the Compare page's slots: `--engine kind:key=value,…` (repeatable, in slot
// order) and `--sweep key=v1,v2 …` (a cartesian product over one local configuration). Slot ids follow the
// app's own naming (local, local-2, …, cloud, cloud-2, …), so a CLI run and a run on the page record the
// same ids. Without --engine the old single-engine flags describe the two-slot default: this device and
// the reference server (or --endpoint).
import { isTwinShape } from '../lib/models/synthetic/shapes';
import { DEFAULT_MODEL_ID, isBuiltinModelId } from '../lib/models/builtin';
import type { ModelSource } from '../lib/models/sources';
import { defaultRuntimeId, localRuntime, localRuntimes, settingFields } from '../lib/runtimes';

/** A command line the CLI cannot run: printed as one line, exit 2. */
export class UsageError extends Error {
	override name = 'UsageError';
}

export const BACKENDS = ['wasm', 'webgpu', 'auto'] as const;
export type Backend = (typeof BACKENDS)[number];

const LOCAL_KEYS = ['model', 'backend', 'dtype', 'threads', 'runtime'] as const;
/** Keys of the registered runtimes' own settings (llama.cpp's `build`), checked against the slot's runtime. */
const settingKeys = (): string[] => [...new Set(localRuntimes().flatMap((r) => settingFields(r).map((f) => f.key)))];
const localKeys = (): string[] => [...LOCAL_KEYS, ...settingKeys()];
const CLOUD_KEYS = ['url', 'model', 'name', 'price-in', 'price-out'] as const;
const sweepKeys = (): string[] => [...LOCAL_KEYS, ...settingKeys()];
type SweepKey = string;
/** SlotListSchema's limit: the app keeps at most 16 slots. */
export const MAX_SLOTS = 16;

export interface LocalSpec {
	kind: 'local';
	id: string;
	/** As given (edgewise-tiny, a twin shape or a Hub id); `source` is what the app loads. */
	model: string;
	source: ModelSource;
	/** A registered local runtime's id (src/lib/runtimes). */
	runtime: string;
	backend: Backend;
	dtype: string;
	/** null: the engine chooses. */
	threads: number | null;
	/** The runtime's own settings given (e.g. llama.cpp's build); absent: its defaults. */
	settings?: Record<string, string>;
}

export interface CloudSpec {
	kind: 'cloud';
	id: string;
	/** OpenAI-compatible base URL; null: the reference server on the first local slot's model. */
	url: string | null;
	/** The endpoint's model id; null with no url (the reference server names its own). */
	model: string | null;
	name: string | null;
	inputUsdPerMTokens: number;
	outputUsdPerMTokens: number;
}

export type EngineSpec = LocalSpec | CloudSpec;

/** What the old single-engine flags say: the defaults of every local spec, and the default cloud slot. */
export interface EngineDefaults {
	model: string;
	backend: string;
	dtype: string;
	threads: string | null;
	runtime: string;
	/** Runtime settings every local spec starts from (a sweep's base slot's). */
	settings?: Record<string, string>;
	endpoint: string | null;
	cloudModel: string | null;
	noCloud: boolean;
	priceIn: number;
	priceOut: number;
}

/** The app's model source for a model name: a built-in model ('default' is stories260k), a twin shape, or a Hub id. */
export function modelSource(model: string): ModelSource {
	if (model === 'default' || model === DEFAULT_MODEL_ID) return { kind: 'default' };
	if (isBuiltinModelId(model)) return { kind: 'default', id: model };
	const shape = model.replace(/^twin[:/]/, '').replace(/-s\d+$/, '');
	if (isTwinShape(shape)) return { kind: 'twin', shape };
	return { kind: 'hub', id: model };
}

const oneOf = (what: string, value: string, allowed: readonly string[]): string => {
	if (!allowed.includes(value)) throw new UsageError(`${what} must be one of ${allowed.join(', ')}, not "${value}".`);
	return value;
};

function threadsOf(what: string, value: string | null): number | null {
	if (value === null || value === 'auto') return null;
	const n = Number(value);
	if (!Number.isInteger(n) || n < 1 || n > 64)
		throw new UsageError(`${what} must be a whole number from 1 to 64 (or auto), not "${value}".`);
	return n;
}

function priceOf(what: string, value: string): number {
	const n = Number(value);
	if (value.trim() === '' || !(n >= 0))
		throw new UsageError(`${what} is US dollars per 1M tokens, 0 or more, not "${value}".`);
	return n;
}

/** `key=value,key=value` into a map, refusing keys outside `allowed` and a key given twice. */
function pairs(spec: string, body: string, allowed: readonly string[]): Map<string, string> {
	const out = new Map<string, string>();
	for (const part of body.split(',').filter((p) => p.trim() !== '')) {
		const eq = part.indexOf('=');
		const key = (eq === -1 ? part : part.slice(0, eq)).trim();
		if (!allowed.includes(key))
			throw new UsageError(`--engine ${spec}: unknown key "${key}"; allowed: ${allowed.join(', ')}.`);
		if (eq === -1 || part.slice(eq + 1).trim() === '')
			throw new UsageError(`--engine ${spec}: "${key}" needs a value (${key}=…).`);
		if (out.has(key)) throw new UsageError(`--engine ${spec}: "${key}" is given twice.`);
		out.set(key, part.slice(eq + 1).trim());
	}
	return out;
}

/** How an error names a key: `--engine local:…: dtype`, `--sweep dtype` or the old flag `--dtype`. */
type Namer = (key: string) => string;

function localSpec(fields: Map<string, string>, defaults: EngineDefaults, what: Namer): Omit<LocalSpec, 'id'> {
	const model = fields.get('model') ?? defaults.model;
	const runtime = oneOf(
		what('runtime'),
		fields.get('runtime') ?? defaults.runtime,
		localRuntimes().map((r) => r.id)
	);
	// Each runtime runs its own precisions (ONNX Runtime five, llama.cpp's GGUF three).
	const { dtypes, shortName } = localRuntime(runtime);
	return {
		kind: 'local',
		model,
		source: modelSource(model),
		runtime,
		backend: oneOf(what('backend'), fields.get('backend') ?? defaults.backend, BACKENDS) as Backend,
		dtype: oneOf(
			`${what('dtype')}${runtime === defaultRuntimeId() ? '' : ` (${shortName})`}`,
			fields.get('dtype') ?? defaults.dtype,
			dtypes
		),
		threads: threadsOf(what('threads'), fields.get('threads') ?? defaults.threads),
		...settingsOf(runtime, fields, defaults, what)
	};
}

/** The runtime's own settings given for a local slot, each checked against what that runtime offers. */
function settingsOf(
	runtime: string,
	fields: Map<string, string>,
	defaults: EngineDefaults,
	what: Namer
): { settings?: Record<string, string> } {
	const offered = settingFields(localRuntime(runtime));
	const settings: Record<string, string> = {};
	for (const key of settingKeys()) {
		const value = fields.get(key) ?? defaults.settings?.[key];
		if (value === undefined) continue;
		const field = offered.find((f) => f.key === key);
		if (!field) throw new UsageError(`${what(key)}: ${localRuntime(runtime).shortName} has no setting "${key}".`);
		settings[key] = oneOf(
			what(key),
			value,
			field.choices.map((c) => c.value)
		);
	}
	return Object.keys(settings).length > 0 ? { settings } : {};
}

function cloudSpec(fields: Map<string, string>, defaults: EngineDefaults, what: Namer): Omit<CloudSpec, 'id'> {
	const url = fields.get('url') ?? null;
	if (url !== null && !/^https?:\/\/[^/]/.test(url))
		throw new UsageError(`${what('url')} must be an http(s) base URL such as http://127.0.0.1:4174/v1, not "${url}".`);
	if (url === null && fields.has('model'))
		throw new UsageError(
			`${what('model')} needs url=; without a url the reference server serves the first local slot's model.`
		);
	return {
		kind: 'cloud',
		url: url?.replace(/\/$/, '') ?? null,
		model: fields.get('model') ?? null,
		name: fields.get('name') ?? null,
		inputUsdPerMTokens: fields.has('price-in') ? priceOf(what('price-in'), fields.get('price-in')!) : defaults.priceIn,
		outputUsdPerMTokens: fields.has('price-out')
			? priceOf(what('price-out'), fields.get('price-out')!)
			: defaults.priceOut
	};
}

/** The old flags' cloud slot: --endpoint (with --cloud-model), else the reference server. */
function defaultCloud(d: EngineDefaults): Omit<CloudSpec, 'id'> {
	return {
		kind: 'cloud',
		url: d.endpoint?.replace(/\/$/, '') ?? null,
		model: d.endpoint ? (d.cloudModel ?? d.model) : null,
		name: d.endpoint ? 'Endpoint' : null,
		inputUsdPerMTokens: d.priceIn,
		outputUsdPerMTokens: d.priceOut
	};
}

/** One `--engine` value: `local:…` or `cloud:…` (an empty body takes every default). */
export function parseEngineSpec(spec: string, defaults: EngineDefaults): Omit<EngineSpec, 'id'> {
	const colon = spec.indexOf(':');
	const kind = colon === -1 ? spec : spec.slice(0, colon);
	const body = colon === -1 ? '' : spec.slice(colon + 1);
	if (kind !== 'local' && kind !== 'cloud')
		throw new UsageError(`--engine ${spec}: unknown engine kind "${kind}"; allowed: local, cloud.`);
	const fields = pairs(spec, body, kind === 'local' ? localKeys() : CLOUD_KEYS);
	// A key the spec leaves out comes from the old flag of that name, and an error about it names that flag.
	const what: Namer = (k) => (fields.has(k) ? `--engine ${spec}: ${k}` : `--${k}`);
	return kind === 'local' ? localSpec(fields, defaults, what) : cloudSpec(fields, defaults, what);
}

/**
 * `--sweep` values: each holds one or more space-separated `key=v1,v2` words (`--sweep "dtype=fp32,q8 threads=1,2"`
 * or `--sweep dtype=fp32,q8 --sweep threads=1,2`). Keys keep the order given; the first varies slowest.
 */
export function parseSweep(values: readonly string[]): [SweepKey, string[]][] {
	const out: [SweepKey, string[]][] = [];
	for (const word of values.flatMap((v) => v.split(/\s+/)).filter(Boolean)) {
		const eq = word.indexOf('=');
		const key = eq === -1 ? word : word.slice(0, eq);
		if (!sweepKeys().includes(key))
			throw new UsageError(`--sweep: unknown key "${key}"; allowed: ${sweepKeys().join(', ')}.`);
		const list =
			eq === -1
				? []
				: word
						.slice(eq + 1)
						.split(',')
						.filter(Boolean);
		if (list.length === 0) throw new UsageError(`--sweep: "${key}" needs values (${key}=a,b).`);
		if (out.some(([k]) => k === key)) throw new UsageError(`--sweep: "${key}" is given twice.`);
		out.push([key, list]);
	}
	return out;
}

/**
 * node:util parseArgs takes one value per flag and no positionals, so `--sweep dtype=fp32,q8 threads=1,2` (the
 * words after --sweep, unquoted) would be refused: fold each following `key=…` word into that --sweep's value.
 */
export function foldSweepWords(argv: readonly string[]): string[] {
	const out: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		out.push(arg);
		const inline = arg.startsWith('--sweep=');
		if (arg !== '--sweep' && !inline) continue;
		const words: string[] = inline ? [] : argv[i + 1] !== undefined ? [argv[++i]!] : [];
		while (i + 1 < argv.length && /^[a-z][a-z-]*=/.test(argv[i + 1]!)) words.push(argv[++i]!);
		if (inline) out[out.length - 1] = [arg, ...words].join(' ');
		else if (words.length) out.push(words.join(' '));
	}
	return out;
}

function product(base: Omit<LocalSpec, 'id'>, axes: [SweepKey, string[]][], defaults: EngineDefaults) {
	let rows: Map<string, string>[] = [new Map()];
	for (const [key, values] of axes) rows = rows.flatMap((row) => values.map((v) => new Map([...row, [key, v]])));
	const given: EngineDefaults = {
		...defaults,
		model: base.model,
		runtime: base.runtime,
		backend: base.backend,
		dtype: base.dtype,
		threads: base.threads === null ? null : String(base.threads),
		settings: base.settings
	};
	return rows.map((row) => localSpec(row, given, (k) => (row.has(k) ? `--sweep ${k}` : `--${k}`)));
}

/** Ids as the app gives them: the kind's prefix, then prefix-2, prefix-3… in list order. */
function withIds(specs: Omit<EngineSpec, 'id'>[]): EngineSpec[] {
	const seen = new Map<string, number>();
	return specs.map((spec) => {
		const n = (seen.get(spec.kind) ?? 0) + 1;
		seen.set(spec.kind, n);
		return { ...spec, id: n === 1 ? spec.kind : `${spec.kind}-${n}` } as EngineSpec;
	});
}

/**
 * The run's slots, in order. With --engine: exactly those (the old local flags fill keys a local spec leaves
 * out); without: the old flags' local slot, then the default cloud slot unless --no-cloud. --sweep replaces
 * the first local slot by one slot per combination.
 */
export function engineSpecs(
	engines: readonly string[],
	sweeps: readonly string[],
	defaults: EngineDefaults
): EngineSpec[] {
	if (engines.length > 0) {
		for (const [flag, given] of [
			['--endpoint', defaults.endpoint !== null],
			['--cloud-model', defaults.cloudModel !== null],
			['--no-cloud', defaults.noCloud]
		] as const)
			if (given)
				throw new UsageError(`${flag} describes the default cloud slot; with --engine, say it in cloud:url=…,model=….`);
	}
	const specs: Omit<EngineSpec, 'id'>[] =
		engines.length > 0
			? engines.map((e) => parseEngineSpec(e, defaults))
			: [localSpec(new Map(), defaults, (k) => `--${k}`), ...(defaults.noCloud ? [] : [defaultCloud(defaults)])];
	const axes = parseSweep(sweeps);
	if (axes.length > 0) {
		const first = specs.findIndex((s) => s.kind === 'local');
		if (first === -1) throw new UsageError('--sweep varies a local slot: add --engine local:… first.');
		specs.splice(first, 1, ...product(specs[first] as Omit<LocalSpec, 'id'>, axes, defaults));
	}
	if (specs.length > MAX_SLOTS)
		throw new UsageError(
			`That is ${specs.length} engines; the app keeps at most ${MAX_SLOTS} slots. Sweep fewer values.`
		);
	return withIds(specs);
}

/** A slot as the table and the log name it: "local-2 (wasm q8, 2 threads)". */
export function describeSpec(spec: EngineSpec): string {
	if (spec.kind === 'cloud') return `${spec.id} (${spec.url ?? 'reference server'})`;
	const threads = spec.threads === null ? 'auto threads' : `${spec.threads} thread${spec.threads === 1 ? '' : 's'}`;
	const runtime = spec.runtime === defaultRuntimeId() ? '' : `${localRuntime(spec.runtime).shortName} `;
	const settings = Object.entries(spec.settings ?? {}).map(([key, value]) => `, ${key}=${value}`);
	return `${spec.id} (${spec.model}, ${runtime}${spec.backend} ${spec.dtype}, ${threads}${settings.join('')})`;
}
