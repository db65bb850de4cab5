// The app-wide local engine: what the person picked (model, backend, dtype, threads), the load in
// progress, and `engine`, the loaded and warmed-up LocalEngine the Compare page runs prompts through.
// Only one engine lives at a time: loading another disposes the old one, which releases its ONNX
// sessions and ends its worker. The form can change after a load: the manager remembers what its engine
// was loaded with, says when the form differs (`stale`), and a Run loads the form's choice first
// (engineForRun), so a run never goes out under a choice the form no longer shows.
import type { EngineInfo, LoadProgress, LoadResult } from '../engine/types';
import { LocalEngine } from '../engine/local/local-engine';
import { ortWasmPaths } from '../engine/local/ort-files';
import type { BackendPreference } from '../engine/local/backend';
import type { WorkerPrepareResult } from '../engine/local/protocol';
import { availableBytes } from '../models/storage';
import { catalogEntry } from '../models/catalog';
import { defaultDtype, probeModelFiles, type ModelFiles } from '../models/hub';
import { resolveSource, sourceKey, type ModelSource } from '../models/sources';
import { readPersisted, writePersisted } from './persisted';

export interface LocalSelection {
	source: ModelSource;
	backend: BackendPreference;
	dtype: string;
	/** null: let the engine choose (min(cores, 4) when cross-origin isolated). */
	threads: number | null;
}

export interface LoadState {
	files: Record<string, { loadedBytes: number; totalBytes: number }>;
	loadedBytes: number;
	totalBytes: number;
	stage: string | null;
}

export type LocalStatus = 'idle' | 'loading' | 'ready' | 'error';

const STORAGE_NAME = 'local-selection';
const FILES_STORAGE_NAME = 'model-files';
const MAX_REMEMBERED_MODELS = 20;
const PROBE_TIMEOUT_MS = 10_000;
export const DEFAULT_SELECTION: LocalSelection = {
	source: { kind: 'default' },
	backend: 'auto',
	dtype: 'q8',
	threads: null
};

/** What decides which engine runs: threads only matter off WebGPU. */
export function selectionKey(selection: LocalSelection): string {
	const threads = selection.backend === 'webgpu' ? null : selection.threads;
	return JSON.stringify([sourceKey(selection.source), selection.backend, selection.dtype, threads]);
}

/** Sources whose files nothing else describes: custom URLs and Hub ids outside the catalog. */
function needsProbe(source: ModelSource): boolean {
	return source.kind === 'url' || (source.kind === 'hub' && !catalogEntry(source.id));
}

function isFilesMap(value: unknown): value is Record<string, ModelFiles> {
	return (
		!!value && typeof value === 'object' && Object.values(value).every((f) => Array.isArray((f as ModelFiles)?.dtypes))
	);
}

function isSelection(value: unknown): value is LocalSelection {
	const v = value as LocalSelection | null;
	return (
		!!v &&
		typeof v === 'object' &&
		typeof v.source === 'object' &&
		typeof v.backend === 'string' &&
		typeof v.dtype === 'string'
	);
}

export class LocalEngineManager {
	selection = $state.raw<LocalSelection>(readPersisted(STORAGE_NAME, DEFAULT_SELECTION, isSelection));
	status = $state.raw<LocalStatus>('idle');
	/** The loaded, ready engine; null while nothing is loaded or a load is in progress. */
	engine = $state.raw<LocalEngine | null>(null);
	info = $state.raw<EngineInfo | null>(null);
	loadResult = $state.raw<LoadResult | null>(null);
	progress = $state.raw<LoadState | null>(null);
	error = $state.raw<{ name: string; message: string } | null>(null);
	/** What the last prepare() did (time, heap reserved); null until one finished. */
	lastPrepare = $state.raw<WorkerPrepareResult | null>(null);
	/** The files the selected model's folder has (custom and non-catalog Hub models), once asked. */
	modelFiles = $state.raw<{ key: string; files: ModelFiles } | null>(null);
	#loadedSelection = $state.raw<LocalSelection | null>(null);
	#loading: LocalEngine | null = null;
	#currentLoad: Promise<void> | null = null;
	/** An engine started ahead by prepare(), for the selection it was started with. */
	#spare: { key: string; engine: LocalEngine } | null = null;
	#probe: { key: string; done: Promise<void> } | null = null;
	/** Whether the person chose the dtype since picking the model (a model's declared dtype then yields). */
	#dtypeChosen = true;
	#knownFiles: Record<string, ModelFiles> = readPersisted(FILES_STORAGE_NAME, {}, isFilesMap);

	constructor() {
		const key = sourceKey(this.selection.source);
		if (this.#knownFiles[key]) this.modelFiles = { key, files: this.#knownFiles[key] };
	}

	/** The selection the loaded engine was loaded with; null while none is loaded. */
	get loadedSelection(): LocalSelection | null {
		return this.#loadedSelection;
	}

	/** True when an engine is loaded but the form now names another model, backend, dtype or thread count. */
	get stale(): boolean {
		return (
			this.engine !== null &&
			this.#loadedSelection !== null &&
			selectionKey(this.#loadedSelection) !== selectionKey(this.selection)
		);
	}

	select(patch: Partial<LocalSelection>): void {
		const before = selectionKey(this.selection);
		const sourceChanged = patch.source !== undefined && sourceKey(patch.source) !== sourceKey(this.selection.source);
		this.#write(patch);
		if (patch.dtype !== undefined) this.#dtypeChosen = true;
		else if (sourceChanged) this.#dtypeChosen = false;
		// An error belongs to the choice that failed; once the form says something else it no longer applies.
		if (this.status === 'error' && selectionKey(this.selection) !== before) {
			this.status = 'idle';
			this.error = null;
		}
		if (sourceChanged) {
			this.modelFiles = null;
			void this.#probeFiles();
		}
	}

	#write(patch: Partial<LocalSelection>): void {
		this.selection = { ...this.selection, ...patch };
		writePersisted(STORAGE_NAME, this.selection);
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
		const known = this.#knownFiles[key];
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
				if (!known) this.#remember(key, files);
				if (sourceKey(this.selection.source) !== key) return;
				this.modelFiles = { key, files };
				if (!this.#dtypeChosen) this.#write({ dtype: defaultDtype(files, this.selection.dtype) });
			} catch {
				// Unreachable or offline: nothing learned, nothing changed.
			}
		})();
		this.#probe = { key, done };
		void done.finally(() => {
			if (this.#probe?.done === done && !this.#knownFiles[key]) this.#probe = null;
		});
		return done;
	}

	#remember(key: string, files: ModelFiles): void {
		const entries = Object.entries({ ...this.#knownFiles, [key]: files }).slice(-MAX_REMEMBERED_MODELS);
		this.#knownFiles = Object.fromEntries(entries);
		writePersisted(FILES_STORAGE_NAME, this.#knownFiles);
	}

	/** Forgets what a model's folder was seen to have (a load just found it has changed). */
	#forget(key: string): void {
		if (!this.#knownFiles[key]) return;
		const { [key]: _gone, ...rest } = this.#knownFiles;
		this.#knownFiles = rest;
		writePersisted(FILES_STORAGE_NAME, rest);
		if (this.#probe?.key === key) this.#probe = null;
	}

	/**
	 * The engine a Run should use: the one loaded for what the form shows now, loading it first when
	 * nothing is loaded, the last load failed, or the form changed since (that load is measured and shown
	 * like any other). Null when the load failed: the panel shows why, and the other engines still run.
	 */
	async engineForRun(): Promise<LocalEngine | null> {
		if (this.#currentLoad) await this.#currentLoad;
		if (!this.engine || this.stale) await this.load();
		return this.engine;
	}

	/**
	 * Starts the selected engine's worker and ONNX Runtime while nothing is loaded yet (the Compare page
	 * calls this when someone starts on a prompt), so Run's load skips that part. Never on first paint:
	 * the page loads no model runtime until a person shows they want one.
	 */
	prepare(): void {
		if (this.engine || this.#loading || typeof Worker === 'undefined') return;
		const selection = $state.snapshot(this.selection) as LocalSelection;
		const key = JSON.stringify(selection);
		if (this.#spare?.key === key) return;
		void this.#spare?.engine.dispose();
		const engine = this.#create(selection);
		this.#spare = { key, engine };
		void engine.prepare().then((result) => {
			if (this.#spare?.engine === engine) this.lastPrepare = result;
		});
	}

	/**
	 * Drops the engine prepare() started, if any: it chose its backend before new device-probe figures
	 * existed, and Auto must run what the picker now says.
	 */
	discardPrepared(): void {
		void this.#spare?.engine.dispose();
		this.#spare = null;
	}

	#create(selection: LocalSelection): LocalEngine {
		return new LocalEngine({
			model: selection.source,
			backend: selection.backend,
			dtype: selection.dtype,
			threads: selection.threads ?? undefined,
			wasmPaths: ortWasmPaths(),
			availableBytes
		});
	}

	/** The prepared engine if it was prepared for this very selection (else it is disposed). */
	#takeSpare(selection: LocalSelection): LocalEngine | null {
		const spare = this.#spare;
		this.#spare = null;
		if (!spare) return null;
		if (spare.key === JSON.stringify(selection)) return spare.engine;
		void spare.engine.dispose();
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
		this.status = 'loading';
		this.error = null;
		// A model's own dtype is known before its load starts (a Load pressed right after picking it).
		await this.#probeFiles();
		const selection = $state.snapshot(this.selection) as LocalSelection;
		const spare = this.#takeSpare(selection);
		await this.#release();
		this.#loadedSelection = null;
		const engine = spare ?? this.#create(selection);
		this.#loading = engine;
		this.status = 'loading';
		this.error = null;
		this.loadResult = null;
		this.progress = { files: {}, loadedBytes: 0, totalBytes: 0, stage: null };
		try {
			const result = await engine.load((p) => this.#onProgress(engine, p));
			if (this.#loading !== engine) return;
			this.#loading = null;
			this.engine = engine;
			this.#loadedSelection = selection;
			this.info = engine.describe();
			this.loadResult = result;
			this.status = 'ready';
		} catch (error) {
			if (this.#loading !== engine) return;
			this.#loading = null;
			await engine.dispose();
			const { name, message } = error instanceof Error ? error : new Error(String(error));
			if (name === 'MissingModelFileError') this.#forget(sourceKey(selection.source));
			this.error = { name, message };
			this.info = null;
			this.status = 'error';
		} finally {
			if (this.status !== 'loading') this.progress = this.status === 'ready' ? this.progress : null;
		}
	}

	/** Refreshes `info` (notices can appear after load, e.g. a WebGPU device lost mid-run). */
	refreshInfo(): void {
		this.info = this.engine?.describe() ?? null;
	}

	async unload(): Promise<void> {
		await this.#release();
		this.#loadedSelection = null;
		this.status = 'idle';
		this.info = null;
		this.loadResult = null;
		this.progress = null;
	}

	async #release(): Promise<void> {
		const engines = [this.engine, this.#loading].filter((e): e is LocalEngine => e !== null);
		this.engine = null;
		this.#loading = null;
		await Promise.all(engines.map((e) => e.dispose()));
	}

	#onProgress(engine: LocalEngine, p: LoadProgress): void {
		if (this.#loading !== engine || !this.progress) return;
		const next = { ...this.progress };
		if (p.status === 'file')
			next.files = { ...next.files, [p.file]: { loadedBytes: p.loadedBytes, totalBytes: p.totalBytes } };
		else if (p.status === 'total') Object.assign(next, { loadedBytes: p.loadedBytes, totalBytes: p.totalBytes });
		else next.stage = p.message;
		this.progress = next;
	}
}

export const localEngine = new LocalEngineManager();
