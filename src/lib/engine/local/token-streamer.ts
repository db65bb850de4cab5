// Receives each new token from transformers.js's generate loop (its streamer `put` hook), stamps it with
// the shared clock the moment it arrives, turns it into text, and hands tokens to `flush` in batches.
// Batching by time, not per token, keeps postMessage off the per-token path: the first token goes out at
// once (TTFT is visible immediately), later ones at most every `flushIntervalMs`.
import { nowMs } from '../types';
import type { TokenBatch } from './protocol';

export interface Decoder {
	decode(ids: number[], options: { skip_special_tokens: boolean }): string;
}

export class TimedTokenStreamer {
	readonly ids: number[] = [];
	readonly timesMs: number[] = [];
	#text = '';
	/** Set once the text reached a stop string; the text then ends just before it. */
	stopped = false;
	#promptSeen = false;
	#pending: TokenBatch | null = null;
	#lastFlushMs = 0;

	constructor(
		private readonly decoder: Decoder,
		private readonly flush: (batch: TokenBatch) => void,
		private readonly flushIntervalMs = 16,
		private readonly clock: () => number = nowMs,
		private readonly stops: string[] = []
	) {}

	get text(): string {
		return this.#text;
	}

	/** Called by generate(): first with the prompt ids (skipped), then with [[newId]] per step. */
	put(value: bigint[][]): void {
		const t = this.clock();
		if (!this.#promptSeen) {
			this.#promptSeen = true;
			return;
		}
		if (this.stopped) return;
		const id = Number(value[0]?.[0]);
		this.ids.push(id);
		this.timesMs.push(t);
		const piece = this.#nextPiece();
		const batch = (this.#pending ??= { startIndex: this.ids.length - 1, texts: [], tokenIds: [], timesMs: [] });
		batch.texts.push(piece);
		batch.tokenIds.push(id);
		batch.timesMs.push(t);
		if (this.ids.length === 1 || t - this.#lastFlushMs >= this.flushIntervalMs) this.#flushNow(t);
	}

	end(): void {
		this.#flushNow(this.clock());
	}

	// Decoding the whole output each step keeps multi-byte characters and word-piece joins right; a piece
	// that ends in an incomplete character is held back until the next token completes it.
	#nextPiece(): string {
		const decoded = this.decoder.decode(this.ids, { skip_special_tokens: true });
		if (decoded.endsWith('\uFFFD') || !decoded.startsWith(this.#text)) return '';
		// Each token keeps its own timestamp, so text is not held back for a stop string still forming: the
		// pieces before the one that completes it may show its start, the final text never does.
		const at = this.#firstStop(decoded);
		if (at < 0) {
			const piece = decoded.slice(this.#text.length);
			this.#text = decoded;
			return piece;
		}
		this.stopped = true;
		const piece = decoded.slice(this.#text.length, Math.max(at, this.#text.length));
		this.#text = decoded.slice(0, at);
		return piece;
	}

	#firstStop(text: string): number {
		let first = -1;
		for (const stop of this.stops) {
			const at = stop ? text.indexOf(stop) : -1;
			if (at >= 0 && (first < 0 || at < first)) first = at;
		}
		return first;
	}

	#flushNow(t: number): void {
		if (!this.#pending) return;
		const batch = this.#pending;
		this.#pending = null;
		this.#lastFlushMs = t;
		this.flush(batch);
	}
}
