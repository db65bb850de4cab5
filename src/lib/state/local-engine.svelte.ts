// The app-wide local engine: what the person picked (model, backend, dtype, threads), the load in
// progress, and `engine`, the loaded and warmed-up LocalEngine the Compare page runs prompts through.
// Only one engine lives at a time: loading another disposes the old one, which releases its ONNX
// sessions and ends its worker.
import type { EngineInfo, LoadProgress, LoadResult } from '$lib/engine/types';
import { LocalEngine } from '$lib/engine/local/local-engine';
import { ortWasmPaths } from '$lib/engine/local/ort-files';
import type { BackendPreference } from '$lib/engine/local/backend';
import type { WorkerPrepareResult } from '$lib/engine/local/protocol';
import { availableBytes } from '$lib/models/storage';
import type { ModelSource } from '$lib/models/sources';
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
export const DEFAULT_SELECTION: LocalSelection = { source: { kind: 'default' }, backend: 'auto', dtype: 'q8', threads: null };

function isSelection(value: unknown): value is LocalSelection {
	const v = value as LocalSelection | null;
	return !!v && typeof v === 'object' && typeof v.source === 'object' && typeof v.backend === 'string' && typeof v.dtype === 'string';
}

export class LocalEngineManager {
	selection = $state.raw<LocalSelection>(readPersisted(STORAGE_NAME, DEFAULT_SELECTION, isSelection));
	status = $state.raw<LocalStatus>('idle');
	/** The loaded, ready engine; null while nothing is loaded or a load is in progress. */
	engine = $state.raw<LocalEngine | null>(null);
	info = $state.raw<EngineInfo | null>(null);
	lastLoad = $state.raw<LoadResult | null>(null);
	progress = $state.raw<LoadState | null>(null);
	error = $state.raw<{ name: string; message: string } | null>(null);
	/** What the last prepare() did (time, heap reserved); null until one finished. */
	lastPrepare = $state.raw<WorkerPrepareResult | null>(null);
	#loading: LocalEngine | null = null;
	/** An engine started ahead by prepare(), for the selection it was started with. */
	#spare: { key: string; engine: LocalEngine } | null = null;

	select(patch: Partial<LocalSelection>): void {
		this.selection = { ...this.selection, ...patch };
		writePersisted(STORAGE_NAME, this.selection);
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

	async load(): Promise<void> {
		const selection = $state.snapshot(this.selection) as LocalSelection;
		// Say "loading" before the first await, so nothing reads a stale "ready" while the old engine goes.
		this.status = 'loading';
		this.error = null;
		const spare = this.#takeSpare(selection);
		await this.#release();
		const engine = spare ?? this.#create(selection);
		this.#loading = engine;
		this.status = 'loading';
		this.error = null;
		this.lastLoad = null;
		this.progress = { files: {}, loadedBytes: 0, totalBytes: 0, stage: null };
		try {
			const result = await engine.load((p) => this.#onProgress(engine, p));
			if (this.#loading !== engine) return;
			this.#loading = null;
			this.engine = engine;
			this.info = engine.describe();
			this.lastLoad = result;
			this.status = 'ready';
		} catch (error) {
			if (this.#loading !== engine) return;
			this.#loading = null;
			await engine.dispose();
			const { name, message } = error instanceof Error ? error : new Error(String(error));
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
		this.status = 'idle';
		this.info = null;
		this.lastLoad = null;
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
		if (p.status === 'file') next.files = { ...next.files, [p.file]: { loadedBytes: p.loadedBytes, totalBytes: p.totalBytes } };
		else if (p.status === 'total') Object.assign(next, { loadedBytes: p.loadedBytes, totalBytes: p.totalBytes });
		else next.stage = p.message;
		this.progress = next;
	}
}

export const localEngine = new LocalEngineManager();

// Tests and the browser console reach the manager here (e.g. to check that an old engine released its
// sessions); it holds nothing secret.
if (typeof window !== 'undefined') (window as unknown as Record<string, unknown>).__edgewiseLocal = localEngine;
