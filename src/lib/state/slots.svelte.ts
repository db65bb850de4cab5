// The Compare page's engines: an ordered, saved list of slots, each of a registered kind with its own
// config and manager. The first slot is the one every other is measured against (break-even, the
// verdict); Run and the benchmark take the enabled ones in list order. Managers are made here (when the
// list changes), never while a component reads them.
import { engineKind, engineKinds, onEngineKindRegistered } from '../slots/registry';
import type { SlotManager } from '../slots/slot-manager';
import { registerBuiltinKinds } from '../slots/builtin-kinds';
import { compare } from './compare.svelte';
import { LocalEngineManager } from './local-engine.svelte';
import { readPersisted, writePersisted } from './persisted';
import { slotForms } from './slot-forms.svelte';
import { SlotListSchema, STORED, type SlotEntry } from './stored-settings';

registerBuiltinKinds();

export interface LiveSlot {
	entry: SlotEntry;
	/** null: the slot's kind is not registered in this version of the app (the slot is kept, not run). */
	manager: SlotManager | null;
}

const kindChoices = () => engineKinds().map(({ kind, label }) => ({ kind, label }));
const isAnything = (_value: unknown): _value is unknown => true;
const isSlotList = (value: unknown): value is SlotEntry[] => SlotListSchema.safeParse(value).success;

/** What a first visit starts with (or a visit from a version before slots): this device, then the cloud. */
function initialEntries(): SlotEntry[] {
	const legacy = readPersisted<unknown>('settings', {}, isAnything) as Record<string, unknown>;
	const localConfig = readPersisted<unknown>(STORED.legacyLocalSelection, null, isAnything);
	return [
		{ id: 'local', kind: 'local', enabled: legacy.runLocal !== false, config: localConfig ?? undefined },
		{ id: 'cloud', kind: 'cloud', enabled: legacy.runCloud !== false, config: { endpointId: null } }
	];
}

export class SlotsManager {
	#entries = $state.raw<SlotEntry[]>([]);
	#kinds = $state.raw(kindChoices());
	// Not reactive: a manager never changes for a slot id; the list's reactivity comes from #entries.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #managers = new Map<string, SlotManager>();

	constructor(entries: SlotEntry[] = readPersisted(STORED.slots, initialEntries(), isSlotList)) {
		// Each known kind's config as that kind reads it (an older version's or a broken one becomes the default).
		this.#entries = SlotListSchema.parse(entries).map((e) => ({ ...e, config: this.#config(e) }));
		this.#ensureManagers();
		onEngineKindRegistered(() => {
			this.#kinds = kindChoices();
			this.#ensureManagers();
			this.#entries = [...this.#entries];
		});
	}

	/** Every slot in order, with its manager (null for a kind this version does not have). */
	get list(): LiveSlot[] {
		return this.#entries.map((entry) => ({ entry, manager: this.#managers.get(entry.id) ?? null }));
	}

	/** The slots Run and the benchmark use: enabled, of a known kind, in order. */
	get runnable(): SlotManager[] {
		return this.list.flatMap((s) => (s.entry.enabled && s.manager ? [s.manager] : []));
	}

	/** The runnable slots whose engine is ready now. */
	get ready(): SlotManager[] {
		return this.runnable.filter((s) => s.engine !== null);
	}

	/** The first local slot: the Models page's "use this model" and the device probe act on it. */
	get primaryLocal(): LocalEngineManager | null {
		return this.locals[0] ?? null;
	}

	/** The first local slot, added at the end when there is none: where the Models page puts a model. */
	firstLocalOrNew(): LocalEngineManager {
		const local = this.primaryLocal ?? this.manager(this.add('local'));
		if (!(local instanceof LocalEngineManager)) throw new Error('The local engine kind is not registered.');
		return local;
	}

	/** Every local slot's manager, in order. */
	get locals(): LocalEngineManager[] {
		return this.list.flatMap((s) => (s.manager instanceof LocalEngineManager ? [s.manager] : []));
	}

	manager(id: string): SlotManager | null {
		return this.#managers.get(id) ?? null;
	}

	/** Adds a slot of `kind` at the end, starting from the kind's default config; returns its id. */
	add(kind: string): string {
		const definition = engineKind(kind);
		if (!definition) throw new Error(`No engine kind "${kind}" is registered.`);
		const existing = this.#entries.filter((e) => e.kind === kind).map((e) => this.#config(e));
		const id = this.#nextId(definition.idPrefix);
		this.#write([...this.#entries, { id, kind, enabled: true, config: definition.defaultConfig(existing) }]);
		// A new slot is about to be set up: its form starts open.
		slotForms.set(id, true);
		return id;
	}

	remove(id: string): void {
		const manager = this.#managers.get(id);
		this.#managers.delete(id);
		slotForms.forget(id);
		void manager?.dispose();
		this.#write(this.#entries.filter((e) => e.id !== id));
	}

	/** Moves a slot up (-1) or down (+1) the list; the first slot is the baseline the others are measured against. */
	move(id: string, delta: -1 | 1): void {
		const from = this.#entries.findIndex((e) => e.id === id);
		const to = from + delta;
		if (from < 0 || to < 0 || to >= this.#entries.length) return;
		const next = [...this.#entries];
		[next[from], next[to]] = [next[to]!, next[from]!];
		this.#write(next);
	}

	setEnabled(id: string, enabled: boolean): void {
		this.#write(this.#entries.map((e) => (e.id === id ? { ...e, enabled } : e)));
	}

	/** Kinds "Add engine" offers. */
	get kinds(): { kind: string; label: string }[] {
		return this.#kinds;
	}

	#config(entry: SlotEntry): unknown {
		const definition = engineKind(entry.kind);
		if (!definition) return entry.config;
		try {
			return definition.parseConfig(entry.config);
		} catch {
			return definition.defaultConfig([]);
		}
	}

	#nextId(prefix: string): string {
		const taken = this.#entries.map((e) => e.id);
		if (!taken.includes(prefix)) return prefix;
		let n = 2;
		while (taken.includes(`${prefix}-${n}`)) n++;
		return `${prefix}-${n}`;
	}

	#write(entries: SlotEntry[]): void {
		this.#entries = entries;
		this.#ensureManagers();
		writePersisted(STORED.slots, entries);
	}

	#saveConfig(id: string, config: unknown): void {
		this.#write(this.#entries.map((e) => (e.id === id ? { ...e, config } : e)));
	}

	#ensureManagers(): void {
		for (const entry of this.#entries) {
			if (this.#managers.has(entry.id)) continue;
			const definition = engineKind(entry.kind);
			if (!definition) continue;
			const manager = definition.createManager(entry.id, this.#config(entry), (config) =>
				this.#saveConfig(entry.id, config)
			);
			this.#managers.set(entry.id, manager);
			compare.runFor(entry.id);
		}
	}
}

export const slots = new SlotsManager();
