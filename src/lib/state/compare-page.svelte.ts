// What the Compare page does, so the page only displays: Run builds the one request from the prompt and the
// settings, sets up each included slot for what its form shows (a local slot loads its choice when that is
// not what is loaded), and runs the slots in list order.
import type { InferenceEngine } from '../engine/types';
import { sourceLabel } from '../models/sources';
import { compare } from './compare.svelte';
import { buildCompareRequest } from './compare-request';
import { settings } from './settings.svelte';
import { slots } from './slots.svelte';

export class ComparePageManager {
	#runError = $state.raw<string | null>(null);

	/** Why the last Run could not start (a request the settings cannot make); null when it could. */
	get runError(): string | null {
		return this.#runError;
	}

	/** The first included local model that chat mode would need a chat template for and has none; else null. */
	get noChatTemplate(): string | null {
		const included = slots.runnable;
		const local = slots.locals.find((l) => included.includes(l) && !l.stale && l.engine?.hasChatTemplate === false);
		return local ? sourceLabel(local.selection.source) : null;
	}

	/** Someone working on a prompt is about to press Run: start the included slots' runtimes now, not at first paint. */
	prepare(): void {
		for (const slot of slots.runnable) slot.prepare();
	}

	async run(): Promise<void> {
		this.#runError = null;
		const current = settings.current;
		try {
			const request = buildCompareRequest({ prompt: compare.prompt, ...current });
			// Run sets up what each panel shows when that is not what is ready (nothing loaded yet, a failed
			// load, or the form changed since): a person pressing Run expects an answer from their choice, not a
			// hint to press another button first. A failed set-up is shown by its panel; the other slots still run.
			const included = slots.runnable;
			const engines: (InferenceEngine | null)[] = [];
			for (const slot of included) engines.push(await slot.engineForRun());
			await compare.run(
				request,
				included.map((slot, i) => ({
					id: slot.id,
					engine: engines[i] ?? null,
					prices: slot.prices,
					loadResult: slot.loadResult,
					setupError: engines[i] ? null : (slot.error ?? { name: 'SetupError', message: slot.notReadyMessage })
				})),
				current.schedule
			);
		} catch (error) {
			this.#runError = error instanceof Error ? error.message : String(error);
		}
	}
}

export const comparePage = new ComparePageManager();
