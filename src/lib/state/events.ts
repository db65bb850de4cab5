// What one manager tells others, without importing them: a typed event map (after immich's
// event-manager.svelte.ts). Each event and its arguments are declared once below; `on` returns the
// unsubscribe, `emit` calls every handler in the order they subscribed. A handler that throws (or whose
// promise rejects) is reported and does not keep the others from hearing the event: a failed Results refresh
// must not undo a benchmark that was saved.
//
// An event is for news a manager may ignore ("a benchmark was saved"). Where a manager needs another's data
// now (the endpoint a cloud slot runs, the quality sets a benchmark asks), it imports that manager: an event
// would only delay the answer.
import type { ResultRecord } from '../bench/schema';
import type { ModelSource } from '../models/sources';
import type { AutoContext } from '../runtimes';

/** What a local slot needs to follow a new measurement of its model's shape. */
export interface ProbeNews {
	source: ModelSource;
	/** What Auto reads now (the new rows among them). */
	auto: AutoContext;
	/** Each runtime's fastest precision for this model before this measurement, and now. */
	before: Readonly<Record<string, string | null>>;
	recommendedDtype(runtime: string): string | null;
}

export type AppEvents = {
	/** A benchmark's record is in the results store: Results shows it, selected. */
	'benchmark.saved': [record: ResultRecord];
	/** Records were added to the results store from outside Results (a shared result kept): its list is stale. */
	'results.imported': [];
	/** An endpoint's settings or key changed, or one was added, removed or made the default. */
	'endpoints.changed': [];
	/**
	 * The device probe stored a measurement for this model's shape: local slots on Auto follow it (the probe waits
	 * for them, `emitSettled`, so a Run after the probe runs what the picker now says).
	 */
	'probe.measured': [news: ProbeNews];
};

type Handler<Args extends unknown[]> = (...args: Args) => void | Promise<void>;

export class EventManager<Events extends Record<string, unknown[]>> {
	// Plain sets, not state: nothing renders from who is listening.
	#handlers: { [E in keyof Events]?: Set<Handler<Events[E]>> } = {};

	constructor(private readonly report: (event: string, error: unknown) => void = defaultReport) {}

	/** Calls `handler` on every `event` from now on; the function returned stops that. */
	on<E extends keyof Events>(event: E, handler: Handler<Events[E]>): () => void {
		const set = (this.#handlers[event] ??= new Set());
		// A wrapper per subscription, so the same function subscribed twice is also unsubscribed once each.
		const entry: Handler<Events[E]> = (...args) => handler(...args);
		set.add(entry);
		return () => void set.delete(entry);
	}

	/** Like emit, and resolves once every handler's promise has settled (a failed one is reported, as by emit). */
	async emitSettled<E extends keyof Events>(event: E, ...args: Events[E]): Promise<void> {
		const handlers = [...(this.#handlers[event] ?? [])];
		const results = await Promise.allSettled(handlers.map(async (handler) => handler(...args)));
		for (const result of results) if (result.status === 'rejected') this.report(String(event), result.reason);
	}

	emit<E extends keyof Events>(event: E, ...args: Events[E]): void {
		for (const handler of [...(this.#handlers[event] ?? [])]) {
			try {
				const result = handler(...args);
				if (result instanceof Promise) result.catch((error: unknown) => this.report(String(event), error));
			} catch (error) {
				this.report(String(event), error);
			}
		}
	}
}

function defaultReport(event: string, error: unknown): void {
	console.error(`A handler of "${event}" failed:`, error);
}

/** The app's one event map. */
export const events = new EventManager<AppEvents>();
