// Coalesces many calls into one per animation frame. Tokens can arrive hundreds of times a second; the
// screen only needs them once per frame, and rendering on every token would steal time from generation.

export type FrameScheduler = (callback: () => void) => () => void;

/** requestAnimationFrame where there is one (browser), a 16 ms timer elsewhere (Node tests). */
export const animationFrameScheduler: FrameScheduler = (callback) => {
	if (typeof requestAnimationFrame === 'function') {
		const id = requestAnimationFrame(() => callback());
		return () => cancelAnimationFrame(id);
	}
	const timer = setTimeout(callback, 16);
	return () => clearTimeout(timer);
};

export class FrameBatcher {
	#cancel: (() => void) | null = null;
	readonly #flush: () => void;
	readonly #schedule: FrameScheduler;

	constructor(flush: () => void, schedule: FrameScheduler = animationFrameScheduler) {
		this.#flush = flush;
		this.#schedule = schedule;
	}

	/** Asks for a flush on the next frame; further requests before then are free. */
	request(): void {
		if (this.#cancel) return;
		this.#cancel = this.#schedule(() => {
			this.#cancel = null;
			this.#flush();
		});
	}

	/** Flushes now (e.g. when generation ends) and drops the pending frame. */
	flushNow(): void {
		this.#cancel?.();
		this.#cancel = null;
		this.#flush();
	}
}
