// A slot manager for engines that are made from their config and set up by their own load() (a cloud
// endpoint's connection check, a registered engine's start-up). State lives in private $state.raw fields
// read through getters and written in one place (#set), so what a pane shows changes in one step.
import type { TokenPrices } from '../bench/cost';
import type { InferenceEngine, LoadResult } from '../engine/types';
import type { SlotError, SlotManager, SlotStatus } from '../slots/slot-manager';

interface SlotState {
	engine: InferenceEngine | null;
	status: SlotStatus;
	loadResult: LoadResult | null;
	error: SlotError | null;
}

export const errorOf = (error: unknown): SlotError => {
	const { name, message } = error instanceof Error ? error : new Error(String(error));
	return { name, message };
};

export interface EngineSlotOptions {
	id: string;
	kind: string;
	title: () => string;
	/** Whether a run needs a successful load first (a cloud run is its own connection check). */
	loadBeforeRun: boolean;
	prices?: () => TokenPrices | null;
	notReadyMessage?: () => string;
}

export class EngineSlot implements SlotManager {
	readonly id: string;
	readonly kind: string;
	readonly #options: EngineSlotOptions;
	#state = $state.raw<SlotState>({ engine: null, status: 'idle', loadResult: null, error: null });

	constructor(options: EngineSlotOptions, engine: InferenceEngine | null = null) {
		this.id = options.id;
		this.kind = options.kind;
		this.#options = options;
		this.#state = { ...this.#state, engine };
	}

	get title(): string {
		return this.#options.title();
	}
	get engine(): InferenceEngine | null {
		return this.#state.engine;
	}
	get status(): SlotStatus {
		return this.#state.status;
	}
	get loadResult(): LoadResult | null {
		return this.#state.loadResult;
	}
	get error(): SlotError | null {
		return this.#state.error;
	}
	get prices(): TokenPrices | null {
		return this.#options.prices?.() ?? null;
	}
	get notReadyMessage(): string {
		return this.#options.notReadyMessage?.() ?? `${this.title} is not set up: press Load above.`;
	}

	#set(patch: Partial<SlotState>): void {
		this.#state = { ...this.#state, ...patch };
	}

	/** Puts a new engine in the slot (its config changed), disposing the old one. */
	protected replaceEngine(engine: InferenceEngine | null): void {
		const old = this.engine;
		this.#set({ engine, status: 'idle', loadResult: null, error: null });
		if (old && old !== engine) void old.dispose();
	}

	/** Runs the engine's load: for a cloud endpoint, reach it and confirm the model. */
	async load(): Promise<void> {
		const engine = this.engine;
		if (!engine) return;
		this.#set({ status: 'loading', error: null });
		try {
			const result = await engine.load();
			if (engine === this.engine) this.#set({ loadResult: result, status: 'ready' });
		} catch (error) {
			if (engine === this.engine) this.#set({ error: errorOf(error), status: 'error' });
		}
	}

	async engineForRun(): Promise<InferenceEngine | null> {
		if (!this.#options.loadBeforeRun) return this.engine;
		if (this.status !== 'ready') await this.load();
		return this.status === 'ready' ? this.engine : null;
	}

	prepare(): void {}

	async dispose(): Promise<void> {
		const engine = this.engine;
		this.#set({ engine: null, status: 'idle', loadResult: null, error: null });
		await engine?.dispose();
	}
}
