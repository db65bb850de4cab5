// A transformers.js streamer (its `put`/`end` hooks) that timestamps each generated token, decodes the
// output so far into text, and holds back what could still turn into a stop string. Text is decoded the
// way the browser's token streamer does it (whole output, skip special tokens, wait out half characters),
// so both sides emit the same text.

interface Decoder {
	decode(ids: number[], options: { skip_special_tokens: boolean }): string;
}

export class StopStringStreamer {
	readonly ids: number[] = [];
	readonly timesMs: number[] = [];
	/** Text decided so far (never contains a stop string). */
	text = '';
	stopped = false;
	#decoded = '';
	#emitted = 0;
	#promptSeen = false;
	readonly #holdBack: number;

	constructor(
		private readonly decoder: Decoder,
		private readonly stops: string[],
		private readonly onText: (piece: string, tMs: number) => void,
		private readonly clock: () => number
	) {
		this.#holdBack = Math.max(0, ...stops.map((s) => s.length - 1));
	}

	put(value: bigint[][]): void {
		const tMs = this.clock();
		// generate() first hands over the prompt, then one [[id]] per step.
		if (!this.#promptSeen) {
			this.#promptSeen = true;
			return;
		}
		if (this.stopped) return;
		this.ids.push(Number(value[0]?.[0]));
		this.timesMs.push(tMs);
		const decoded = this.decoder.decode(this.ids, { skip_special_tokens: true });
		// An incomplete multi-byte character decodes to U+FFFD until its next token arrives.
		if (decoded.endsWith('\uFFFD') || !decoded.startsWith(this.#decoded)) return;
		this.#decoded = decoded;
		const hit = this.#firstStop(decoded);
		if (hit >= 0) {
			this.stopped = true;
			this.#emitUpTo(hit, tMs);
			return;
		}
		this.#emitUpTo(Math.max(this.#emitted, decoded.length - this.#holdBack), tMs);
	}

	end(): void {}

	/** After generation: release text held back for stop strings that never came. */
	finish(): void {
		if (this.stopped) return;
		// A trailing half character stays as U+FFFD, as a plain decode of the whole output shows it.
		this.#decoded = this.decoder.decode(this.ids, { skip_special_tokens: true });
		this.#emitUpTo(this.#decoded.length, this.timesMs.at(-1) ?? this.clock());
	}

	#firstStop(text: string): number {
		let first = -1;
		for (const stop of this.stops) {
			const at = text.indexOf(stop, Math.max(0, this.#emitted - stop.length));
			if (at >= 0 && (first < 0 || at < first)) first = at;
		}
		return first;
	}

	#emitUpTo(end: number, tMs: number): void {
		if (end <= this.#emitted) return;
		const piece = this.#decoded.slice(this.#emitted, end);
		this.#emitted = end;
		this.text += piece;
		this.onText(piece, tMs);
	}
}
