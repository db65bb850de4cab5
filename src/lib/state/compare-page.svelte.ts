// What the Compare page does, so the page only displays: Run builds the one request from the prompt and the
// settings, sets up each included slot for what its form shows (a local slot loads its choice when that is
// not what is loaded), and runs the slots in list order.
import type { InferenceEngine } from '../engine/types';
import { knownChatTemplate, sourceLabel } from '../models/sources';
import { compare } from './compare.svelte';
import { buildCompareRequest } from './compare-request';
import { settings, type PromptMode } from './settings.svelte';
import { slots } from './slots.svelte';

export class ComparePageManager {
	#runError = $state.raw<string | null>(null);

	/** Why the last Run could not start (a request the settings cannot make); null when it could. */
	get runError(): string | null {
		return this.#runError;
	}

	/**
	 * The first included local model known to have no chat template (from its loaded engine, else from what
	 * its source says before loading); else null. Such a model runs as plain completion, and Chat is not offered.
	 */
	get noChatTemplate(): string | null {
		const included = slots.runnable;
		const local = slots.locals.find((l) => {
			if (!included.includes(l)) return false;
			const loaded = l.stale ? null : (l.engine?.hasChatTemplate ?? null);
			return (loaded ?? knownChatTemplate(l.selection.source)) === false;
		});
		return local ? sourceLabel(local.selection.source) : null;
	}

	/** The mode a Run uses: the person's choice, except plain completion for a model without a chat template. */
	get mode(): PromptMode {
		return this.noChatTemplate ? 'completion' : settings.current.mode;
	}

	/** Someone working on a prompt is about to press Run: start the included slots' runtimes now, not at first paint. */
	prepare(): void {
		for (const slot of slots.runnable) slot.prepare();
	}

	async run(): Promise<void> {
		this.#runError = null;
		const current = settings.current;
		try {
			buildCompareRequest({ prompt: compare.prompt, ...current }); // an empty prompt stops here, before any load
			// Run sets up what each panel shows when that is not what is ready (nothing loaded yet, a failed
			// load, or the form changed since): a person pressing Run expects an answer from their choice, not a
			// hint to press another button first. A failed set-up is shown by its panel; the other slots still run.
			const included = slots.runnable;
			const engines: (InferenceEngine | null)[] = [];
			for (const slot of included) engines.push(await slot.engineForRun());
			// Built once the models are set up: a model only known to lack a chat template once loaded runs as
			// plain completion from its first Run.
			const request = buildCompareRequest({ prompt: compare.prompt, ...current, mode: this.mode });
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
