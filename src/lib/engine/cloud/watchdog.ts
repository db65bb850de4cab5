// One timer per generation, re-armed at each phase (connect, first token, idle between chunks). When it
// fires it aborts the request and remembers which phase ran out, so the result names it.
import { CloudTimeoutError, type TimeoutPhase } from './errors';

export class Watchdog {
	#timer: ReturnType<typeof setTimeout> | null = null;
	error: CloudTimeoutError | null = null;

	constructor(private readonly controller: AbortController) {}

	arm(phase: TimeoutPhase, timeoutMs: number): void {
		this.disarm();
		if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) return;
		this.#timer = setTimeout(() => {
			this.error = new CloudTimeoutError(phase, timeoutMs);
			this.controller.abort(this.error);
		}, timeoutMs);
	}

	disarm(): void {
		if (this.#timer !== null) clearTimeout(this.#timer);
		this.#timer = null;
	}
}
