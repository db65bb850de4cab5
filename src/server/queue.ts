// A bounded FIFO in front of the model: at most `maxConcurrent` generations run, at most `maxQueue`
// wait, and anything beyond that is refused at once (the route answers 429 + Retry-After) instead of
// queueing without bound. A waiter whose client leaves is dropped from the line.

export class QueueFullError extends Error {
	override readonly name = 'QueueFullError';
	constructor(readonly retryAfterS: number) {
		super(`The server is busy: the queue is full. Retry after ${retryAfterS} s.`);
	}
}

export class QueueClosedError extends Error {
	override readonly name = 'QueueClosedError';
	constructor() {
		super('The server is shutting down; retry against another instance or after it restarts.');
	}
}

interface Waiter {
	start: () => void;
	fail: (err: Error) => void;
}

export class FifoQueue {
	#running = 0;
	#waiting: Waiter[] = [];
	#closed = false;
	/** Moving average of how long a job holds its slot, for Retry-After. */
	#avgJobMs = 1000;

	constructor(
		readonly maxConcurrent: number,
		readonly maxQueue: number
	) {}

	get running(): number {
		return this.#running;
	}
	get waiting(): number {
		return this.#waiting.length;
	}

	/** Refuses at once, before the caller spends CPU (tokenizing) on a request that cannot be queued. */
	rejectIfFull(): void {
		if (this.#running >= this.maxConcurrent && this.#waiting.length >= this.maxQueue)
			throw new QueueFullError(this.#retryAfterS());
	}

	/** Waits for a slot; the returned function gives it back. Rejects when full, closed or aborted. */
	async acquire(signal: AbortSignal): Promise<() => void> {
		if (this.#closed) throw new QueueClosedError();
		if (signal.aborted) throw signal.reason;
		if (this.#running < this.maxConcurrent) return this.#take();
		if (this.#waiting.length >= this.maxQueue) throw new QueueFullError(this.#retryAfterS());
		await new Promise<void>((resolve, reject) => {
			const waiter: Waiter = {
				start: () => {
					signal.removeEventListener('abort', onAbort);
					resolve();
				},
				fail: (err) => {
					signal.removeEventListener('abort', onAbort);
					reject(err);
				}
			};
			const onAbort = () => {
				this.#waiting = this.#waiting.filter((w) => w !== waiter);
				waiter.fail(signal.reason);
			};
			signal.addEventListener('abort', onAbort, { once: true });
			this.#waiting.push(waiter);
		});
		// #release hands the slot over directly (running stays counted), so no one can jump the line.
		return this.#releaser(performance.now());
	}

	/** Resolves true once nothing runs, or false after timeoutMs. */
	async drained(timeoutMs: number): Promise<boolean> {
		const end = performance.now() + timeoutMs;
		while (this.#running > 0 && performance.now() < end) await new Promise((r) => setTimeout(r, 10));
		return this.#running === 0;
	}

	close(): void {
		this.#closed = true;
		for (const w of this.#waiting.splice(0)) w.fail(new QueueClosedError());
	}

	#take(): () => void {
		this.#running++;
		return this.#releaser(performance.now());
	}

	#releaser(startMs: number): () => void {
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.#avgJobMs = 0.8 * this.#avgJobMs + 0.2 * (performance.now() - startMs);
			const next = this.#waiting.shift();
			if (next) next.start();
			else this.#running--;
		};
	}

	#retryAfterS(): number {
		const waitMs = (this.#avgJobMs * (this.#waiting.length + this.#running)) / this.maxConcurrent;
		return Math.max(1, Math.ceil(waitMs / 1000));
	}
}
