// A llama.cpp run's output as the worker keeps it: each chunk's text, ids and time for the result, and the
// chunks not yet sent to the page, as one batch. Both builds' runtimes keep one per run; they differ only
// in when they send (wllama once per event-loop turn, the Edgewise build whenever it yields).
import type { LlamaChunkBatch } from './protocol';

export class RunArrivals {
	readonly texts: string[] = [];
	readonly ids: number[] = [];
	readonly arrivalsMs: number[] = [];
	#pending: LlamaChunkBatch | null = null;

	constructor(private readonly send: (batch: LlamaChunkBatch) => void) {}

	/** Records one chunk, stamped `tMs` where it became known; true when it starts a new batch. */
	push(text: string, tokenIds: number[], tMs: number): boolean {
		const starts = this.#pending === null;
		this.#pending ??= { startIndex: this.texts.length, texts: [], tokenIds: [], timesMs: [] };
		this.#pending.texts.push(text);
		this.#pending.tokenIds.push(tokenIds);
		this.#pending.timesMs.push(tMs);
		this.texts.push(text);
		this.ids.push(...tokenIds);
		this.arrivalsMs.push(tMs);
		return starts;
	}

	/** Sends the waiting batch, if any. */
	flush(): void {
		if (this.#pending) this.send(this.#pending);
		this.#pending = null;
	}
}
