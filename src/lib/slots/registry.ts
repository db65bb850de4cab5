// The engine kinds a Compare slot can hold. A kind says how to read its saved config, what a new slot of
// it starts with, how to make its manager and which panel sets it up; the runner, results, charts and CLI
// know none of this (they see InferenceEngine and EngineInfo only), so adding an engine is one registration.
import type { Component } from 'svelte';
import type { SlotManager } from './slot-manager';

export interface EngineKindDefinition<Config = unknown, Manager extends SlotManager = SlotManager> {
	/** Saved in the slot list; never reused for another meaning. */
	readonly kind: string;
	/** What "Add engine" offers, e.g. "Local model". */
	readonly label: string;
	/** New slots' ids: the first is the prefix itself ("local"), then "local-2", "local-3"… */
	readonly idPrefix: string;
	/** Reads a saved config (throws on one this kind cannot use; the slot then starts from defaultConfig). */
	parseConfig(value: unknown): Config;
	/** A new slot's config; `existing` are this kind's slots already in the list (to pick something new). */
	defaultConfig(existing: readonly Config[]): Config;
	createManager(id: string, config: Config, save: (config: Config) => void): Manager;
	/**
	 * Sets the slot up on the Compare page; without one, the page shows the slot's status and a Load button.
	 * `editing`: the whole form (the slot is being set up or the person pressed Edit); else a one-line summary.
	 */
	readonly panel?: Component<{ slot: Manager; editing: boolean }>;
}

// Read at start-up and by the "Add engine" menu; kinds are added once, in the browser only.
const kinds = new Map<string, EngineKindDefinition<never, SlotManager>>();
const listeners = new Set<() => void>();

export class DuplicateEngineKindError extends Error {
	override name = 'DuplicateEngineKindError';
}

export function registerEngineKind<C, M extends SlotManager>(definition: EngineKindDefinition<C, M>): void {
	if (kinds.has(definition.kind))
		throw new DuplicateEngineKindError(`An engine kind "${definition.kind}" is registered already.`);
	kinds.set(definition.kind, definition as unknown as EngineKindDefinition<never, SlotManager>);
	for (const listener of listeners) listener();
}

export function engineKind(kind: string): EngineKindDefinition<unknown, SlotManager> | undefined {
	return kinds.get(kind) as EngineKindDefinition<unknown, SlotManager> | undefined;
}

export function engineKinds(): EngineKindDefinition<unknown, SlotManager>[] {
	return [...kinds.values()] as EngineKindDefinition<unknown, SlotManager>[];
}

/** Called when a kind is registered (the slot list then brings back saved slots of that kind). */
export function onEngineKindRegistered(listener: () => void): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}
