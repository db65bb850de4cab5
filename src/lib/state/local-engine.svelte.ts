// A local slot: what the person picked (model, runtime, backend, dtype, threads), the load in progress, and
// `engine`, the loaded and warmed-up engine the Compare page runs prompts through. Each slot holds at most
// one engine: loading another disposes the old one, which releases its sessions and ends its worker. The
// form can change after a load: the manager remembers what its engine was loaded with, says when the form
// differs (`stale`), and a Run loads the form's choice first (engineForRun), so a run never goes out under
// a choice the form no longer shows. State is private, read through getters.
import type { EngineInfo, LoadProgress, LoadResult } from '../engine/types';
import type { SlotError, SlotManager } from '../slots/slot-manager';
import { defaultDtype, probeModelFiles, type ModelFiles } from '../models/hub';
import { builtinIdOf, resolveSource, sourceKey, sourceLabel, type ModelSource } from '../models/sources';
import { SHAPES } from '../models/synthetic/shapes';
import { catalogEntry } from '../models/catalog';
import {
	defaultRuntimeId,
	findLocalRuntime,
	localRuntime,
	runtimeShortName,
	shownSettings,
	settingFields,
	type DeviceEngine
} from '../runtimes';
import type { LocalSelection } from './stored-settings';
import { errorOf } from './engine-slot.svelte';
import { modelFilesMemory } from './model-files-memory';
import { events, type ProbeNews } from './events';

export type { LocalSelection };

/** What a prepare() did: how long starting the runtime took, and the heap it reserved. */
type PrepareResult = Awaited<ReturnType<NonNullable<DeviceEngine['prepare']>>>;

export interface LoadState {
	files: Record<string, { loadedBytes: number; totalBytes: number }>;
	loadedBytes: number;
	totalBytes: number;
	stage: string | null;
}

export type LocalStatus = 'idle' | 'loading' | 'ready' | 'error';

const PROBE_TIMEOUT_MS = 10_000;
/**
 * A first visit's local slot: the built-in model in fp32 (1 MB for stories260k), the precision the reference
 * server runs, so both sides print the same text token for token (q8 departs from fp32 after ~45 tokens).
 */
export const DEFAULT_SELECTION: LocalSelection = {
	source: { kind: 'default' },
	runtime: defaultRuntimeId(),
	backend: 'auto',
	dtype: 'fp32',
	threads: null
};

/** A selection's identity, for what decides which engine runs (threads only matter off WebGPU): a loaded
 * engine is stale when it differs, and an engine started ahead serves a load only when it matches. */
export function selectionKey(selection: LocalSelection): string {
	const threads = selection.backend === 'webgpu' ? null : selection.threads;
	return JSON.stringify([
		sourceKey(selection.source),
		selection.runtime,
		selection.backend,
		selection.dtype,
		threads,
		settingsOf(selection)
	]);
}

/** The selection's runtime settings with their defaults (as given, for a runtime not registered here). */
function settingsOf(selection: LocalSelection): Record<string, string> {
	return shownSettings(findLocalRuntime(selection.runtime), selection.settings);
}

/** The settings that differ from the runtime's defaults, as a slot's name says them ("wllama"). */
function changedSettings(selection: LocalSelection): string[] {
	const runtime = findLocalRuntime(selection.runtime);
	const settings = settingsOf(selection);
	return runtime
		? settingFields(runtime)
				.filter((f) => settings[f.key] !== undefined && settings[f.key] !== f.defaultValue)
				.map((f) => settings[f.key]!)
		: [];
}

/** A short line for the pane and lists: "edgewise-tiny (built in) · wasm q8 · 2 threads". */
export function selectionSummary(selection: LocalSelection): string {
	return `${sourceLabel(selection.source)} · ${howItRuns(selection)}`;
}

/**
 * "llama.cpp wasm q8 · 1 thread · wllama": runtime (when not the default one), backend, precision, threads off
 * WebGPU, and the runtime's settings that are not its defaults.
 */
function howItRuns(selection: LocalSelection): string {
	const runtime = selection.runtime === defaultRuntimeId() ? '' : `${runtimeShortName(selection.runtime)} `;
	const threads =
		selection.backend !== 'webgpu' && selection.threads
			? ` · ${selection.threads} thread${selection.threads === 1 ? '' : 's'}`
			: '';
	const settings = changedSettings(selection)
		.map((value) => ` · ${value}`)
		.join('');
	return `${runtime}${selection.backend} ${selection.dtype}${threads}${settings}`;
}

/** The model part of a slot's name: the model's own name, without the owner, host or notes sourceLabel adds. */
function modelName(source: ModelSource): string {
	const last = (path: string) => path.split('/').filter(Boolean).at(-1) ?? path;
	switch (source.kind) {
		case 'default':
			return builtinIdOf(source);
		case 'twin':
			return `${SHAPES[source.shape]?.twinOf ?? source.shape} twin`;
		case 'hub':
		case 'url':
			return source.file ?? last(source.id);
		case 'file':
			return last(new URL(source.url).pathname);
	}
}

/**
 * A local slot's one name (its card, pane, the comparison table, the verdict): model, runtime when not the
 * default one, backend, precision, and threads off WebGPU. "edgewise-tiny · llama.cpp wasm q8 · 1 thread".
 */
export function slotName(selection: LocalSelection): string {
	return `${modelName(selection.source)} · ${howItRuns(selection)}`;
}

/** Sources whose files nothing else describes: custom URLs and Hub ids outside the catalog. */
function needsProbe(source: ModelSource): boolean {
	return source.kind === 'url' || (source.kind === 'hub' && !catalogEntry(source.id));
}

interface LocalState {
	selection: LocalSelection;
	status: LocalStatus;
	engine: DeviceEngine | null;
	info: EngineInfo | null;
	loadResult: LoadResult | null;
	progress: LoadState | null;
	error: SlotError | null;
	lastPrepare: PrepareResult | null;
	modelFiles: { key: string; files: ModelFiles } | null;
	/** Why the selected model's files could not be read (the Precision then stays as it was). */
	modelFilesProblem: { key: string; message: string } | null;
	loadedSelection: LocalSelection | null;
}

export class LocalEngineManager implements SlotManager {
	readonly id: string;
	readonly kind = 'local';
	readonly prices = null;
	readonly #save: (selection: LocalSelection) => void;
	#state = $state.raw<LocalState>({
		selection: DEFAULT_SELECTION,
		status: 'idle',
		engine: null,
		info: null,
		loadResult: null,
		progress: null,
		error: null,
		lastPrepare: null,
		modelFiles: null,
		modelFilesProblem: null,
		loadedSelection: null
	});
	#loading: DeviceEngine | null = null;
	#currentLoad: Promise<void> | null = null;
	/** An engine started ahead by prepare(), for the selection it was started with (selectionKey). */
	#spare: { key: string; engine: Promise<DeviceEngine> } | null = null;
	#probe: { key: string; done: Promise<void> } | null = null;
	/** Whether the person chose the dtype since picking the model (a model's declared dtype then yields). */
	#dtypeChosen = true;

	constructor(id: string, selection: LocalSelection = DEFAULT_SELECTION, save: (s: LocalSelection) => void = () => {}) {
		this.id = id;
		this.#save = save;
		const key = sourceKey(selection.source);
		const files = modelFilesMemory.get(key);
		this.#set({ selection, modelFiles: files ? { key, files } : null });
		this.#stopFollowingProbe = events.on('probe.measured', (news) => this.#followProbe(news));
	}

	readonly #stopFollowingProbe: () => void;

	/**
	 * A new device probe for this slot's model: an engine started ahead chose its backend before it and is
	 * dropped; on Auto, a precision still on the default (or the last probe's pick) becomes the fastest measured,
	 * so the next Run uses it (one the person chose stays); and an engine loaded on Auto that no longer matches
	 * what Auto means, or matches it only by rule, is unloaded, so the next Run loads what the picker says (and
	 * records the probe that chose it) instead of reporting the old choice.
	 */
	async #followProbe(news: ProbeNews): Promise<void> {
		this.discardPrepared();
		const selection = this.selection;
		if (selection.backend !== 'auto' || sourceKey(selection.source) !== sourceKey(news.source)) return;
		const recommended = news.recommendedDtype(selection.runtime);
		const before = news.before[selection.runtime] ?? null;
		const untouched = selection.dtype === DEFAULT_SELECTION.dtype || selection.dtype === before;
		if (recommended && untouched && recommended !== selection.dtype) this.select({ dtype: recommended });
		const runtime = findLocalRuntime(this.selection.runtime);
		const info = this.info;
		if (info && runtime && (await runtime.autoChanged(this.selection, info, news.auto))) await this.unload();
	}

	#set(patch: Partial<LocalState>): void {
		this.#state = { ...this.#state, ...patch };
	}

	get selection(): LocalSelection {
		return this.#state.selection;
	}
	get status(): LocalStatus {
		return this.#state.status;
	}
	/** The loaded, ready engine; null while nothing is loaded or a load is in progress. */
	get engine(): DeviceEngine | null {
		return this.#state.engine;
	}
	get info(): EngineInfo | null {
		return this.#state.info;
	}
	get loadResult(): LoadResult | null {
		return this.#state.loadResult;
	}
	get progress(): LoadState | null {
		return this.#state.progress;
	}
	get error(): SlotError | null {
		return this.#state.error;
	}
	/** What the last prepare() did (time, heap reserved); null until one finished. */
	get lastPrepare(): PrepareResult | null {
		return this.#state.lastPrepare;
	}
	/** The files the selected model's folder has (custom and non-catalog Hub models), once asked. */
	get modelFiles(): { key: string; files: ModelFiles } | null {
		return this.#state.modelFiles;
	}
	/** Why the selected model's file list could not be read; null when it was, or was not asked. */
	get modelFilesProblem(): { key: string; message: string } | null {
		return this.#state.modelFilesProblem;
	}
	/** The selection the loaded engine was loaded with; null while none is loaded. */
	get loadedSelection(): LocalSelection | null {
		return this.#state.loadedSelection;
	}
	/** The slot's one name (card, pane, table, verdict): what its form picks, precision included. */
	get title(): string {
		return slotName(this.selection);
	}
	get notReadyMessage(): string {
		const picked = sourceLabel(this.selection.source);
		if (this.status === 'loading') return `Loading ${picked}…`;
		if (this.status === 'error') return `${picked} did not load: the message above says why.`;
		return `${picked} is picked: Run loads it first (or press Load model).`;
	}

	/** True when an engine is loaded but the form now names another model, runtime, backend, dtype or threads. */
	get stale(): boolean {
		const loaded = this.loadedSelection;
		return this.engine !== null && loaded !== null && selectionKey(loaded) !== selectionKey(this.selection);
	}

	select(patch: Partial<LocalSelection>): void {
		const before = selectionKey(this.selection);
		const sourceChanged = patch.source !== undefined && sourceKey(patch.source) !== sourceKey(this.selection.source);
		this.#write(patch);
		if (patch.dtype !== undefined) this.#dtypeChosen = true;
		else if (sourceChanged) this.#dtypeChosen = false;
		// An error belongs to the choice that failed; once the form says something else it no longer applies.
		if (this.status === 'error' && selectionKey(this.selection) !== before) this.#set({ status: 'idle', error: null });
		if (sourceChanged) {
			this.#set({ modelFiles: null, modelFilesProblem: null });
			void this.#probeFiles();
		}
	}

	#write(patch: Partial<LocalSelection>): void {
		this.#set({ selection: { ...this.selection, ...patch } });
		this.#save(this.selection);
	}

	/**
	 * Learns which dtypes the selected model's folder has (Range probes of one byte per file, and its
	 * config.json's declared dtype), remembered per model so a reload asks nothing; then, unless the
	 * person chose a dtype since picking the model, starts from the model's own. Never fails: a host that
	 * does not answer leaves the choice as it is, and the load reports what is wrong.
	 */
	#probeFiles(): Promise<void> {
		const source = this.selection.source;
		const key = sourceKey(source);
		if (!needsProbe(source)) return Promise.resolve();
		if (this.#probe?.key === key) return this.#probe.done;
		const known = modelFilesMemory.get(key);
		const done = (async () => {
			try {
				const location = resolveSource(source).location;
				if (location.kind !== 'hub') return;
				const files =
					known ??
					(await probeModelFiles(
						fetch,
						location.host,
						location.id,
						location.revision,
						AbortSignal.timeout(PROBE_TIMEOUT_MS)
					));
				if (!known) modelFilesMemory.remember(key, files);
				if (sourceKey(this.selection.source) !== key) return;
				this.#set({ modelFiles: { key, files } });
				if (!this.#dtypeChosen) this.#write({ dtype: defaultDtype(files, this.selection.dtype) });
			} catch (error) {
				// Unreachable, offline or not the Hub layout: nothing learned and the choice left as it is, but said,
				// so a Precision that stayed where it was is not taken for the model's own.
				if (sourceKey(this.selection.source) === key)
					this.#set({ modelFilesProblem: { key, message: errorOf(error).message } });
			}
		})();
		this.#probe = { key, done };
		void done.finally(() => {
			if (this.#probe?.done === done && !modelFilesMemory.get(key)) this.#probe = null;
		});
		return done;
	}

	async engineForRun(): Promise<DeviceEngine | null> {
		if (this.#currentLoad) await this.#currentLoad;
		if (!this.engine || this.stale) await this.load();
		return this.engine;
	}

	/**
	 * Starts the selected engine's worker and runtime while nothing is loaded yet (the Compare page calls
	 * this when someone starts on a prompt), so Run's load skips that part. Never on first paint: the page
	 * loads no model runtime until a person shows they want one. Only runtimes that can start ahead (`prepares`);
	 * the others start with their load.
	 */
	prepare(): void {
		if (this.engine || this.#loading || typeof Worker === 'undefined') return;
		const selection = $state.snapshot(this.selection) as LocalSelection;
		const runtime = findLocalRuntime(selection.runtime);
		if (!runtime?.prepares) return;
		const key = selectionKey(selection);
		if (this.#spare?.key === key) return;
		this.discardPrepared();
		const engine = runtime.createEngine(selection);
		this.#spare = { key, engine };
		void engine
			.then((e) => e.prepare?.() ?? null)
			.then((result) => {
				if (this.#spare?.engine === engine) this.#set({ lastPrepare: result });
			})
			// A runtime that did not start ahead starts with the load, which reports what is wrong.
			.catch(() => undefined);
	}

	/**
	 * Drops the engine prepare() started, if any: it chose its backend before new device-probe figures
	 * existed, and Auto must run what the picker now says.
	 */
	discardPrepared(): void {
		void this.#spare?.engine.then((e) => e.dispose()).catch(() => undefined);
		this.#spare = null;
	}

	/** The prepared engine if it was prepared for this very selection (else it is disposed). */
	#takeSpare(selection: LocalSelection): Promise<DeviceEngine> | null {
		const spare = this.#spare;
		if (spare && spare.key === selectionKey(selection)) {
			this.#spare = null;
			return spare.engine;
		}
		this.discardPrepared();
		return null;
	}

	load(): Promise<void> {
		const current = this.#load();
		this.#currentLoad = current;
		void current.finally(() => {
			if (this.#currentLoad === current) this.#currentLoad = null;
		});
		return current;
	}

	async #load(): Promise<void> {
		// Say "loading" before the first await, so nothing reads a stale "ready" while the old engine goes.
		this.#set({ status: 'loading', error: null });
		// A model's own dtype is known before its load starts (a Load pressed right after picking it).
		await this.#probeFiles();
		const selection = $state.snapshot(this.selection) as LocalSelection;
		const spare = this.#takeSpare(selection);
		await this.#release();
		this.#set({
			loadedSelection: null,
			status: 'loading',
			error: null,
			loadResult: null,
			progress: { files: {}, loadedBytes: 0, totalBytes: 0, stage: null }
		});
		let engine: DeviceEngine | null = null;
		try {
			engine = await (spare ?? localRuntime(selection.runtime).createEngine(selection));
			this.#loading = engine;
			const loading = engine;
			const result = await engine.load((p) => this.#onProgress(loading, p));
			if (this.#loading !== engine) return;
			this.#loading = null;
			this.#set({
				engine,
				loadedSelection: selection,
				info: engine.describe(),
				loadResult: result,
				status: 'ready'
			});
		} catch (error) {
			if (engine && this.#loading !== engine) return;
			this.#loading = null;
			await engine?.dispose();
			const { name, message } = errorOf(error);
			if (name === 'MissingModelFileError') modelFilesMemory.forget(sourceKey(selection.source));
			if (this.#probe?.key === sourceKey(selection.source)) this.#probe = null;
			this.#set({ error: { name, message }, info: null, status: 'error', progress: null });
		}
	}

	/** Refreshes `info` (notices can appear after load, e.g. a WebGPU device lost mid-run). */
	refreshInfo(): void {
		this.#set({ info: this.engine?.describe() ?? null });
	}

	async unload(): Promise<void> {
		await this.#release();
		this.#set({ loadedSelection: null, status: 'idle', info: null, loadResult: null, progress: null });
	}

	async dispose(): Promise<void> {
		this.#stopFollowingProbe();
		this.discardPrepared();
		await this.unload();
	}

	async #release(): Promise<void> {
		const engines = [this.engine, this.#loading].filter((e): e is DeviceEngine => e !== null);
		this.#set({ engine: null });
		this.#loading = null;
		await Promise.all(engines.map((e) => e.dispose()));
	}

	#onProgress(engine: DeviceEngine, p: LoadProgress): void {
		const progress = this.progress;
		if (this.#loading !== engine || !progress) return;
		const next = { ...progress };
		if (p.status === 'file')
			next.files = { ...next.files, [p.file]: { loadedBytes: p.loadedBytes, totalBytes: p.totalBytes } };
		else if (p.status === 'total') Object.assign(next, { loadedBytes: p.loadedBytes, totalBytes: p.totalBytes });
		else next.stage = p.message;
		this.#set({ progress: next });
	}
}
