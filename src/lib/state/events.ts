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

export type AppEvents = {
	/** A benchmark's record is in the results store: Results shows it, selected. */
	'benchmark.saved': [record: ResultRecord];
	/** Records were added to the results store from outside Results (a shared result kept): its list is stale. */
	'results.imported': [];
	/** An endpoint's settings or key changed, or one was added, removed or made the default. */
	'endpoints.changed': [];
	/**
	 * The device probe stored a measurement for this model's shape. Declared for the probe manager's rewrite:
	 * today the slot list hands the probe its local slots (`probe.attachLocalSlots`) and the probe re-points them.
	 */
	'probe.measured': [source: ModelSource];
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
