// What the Compare page does, so the page only displays: Run builds the one request from the prompt and the
// settings, loads the local choice when it is not what is loaded, and runs each slot in order; the lines the
// page shows before a run follow the local engine's state.
import { sourceLabel } from '../models/sources';
import { compare } from './compare.svelte';
import { buildCompareRequest } from './compare-request';
import { cloudSlot, localSlot } from './engine-slots';
import { localEngine } from './local-engine.svelte';
import { settings } from './settings.svelte';

export class ComparePageManager {
	#runError = $state.raw<string | null>(null);

	/** Why the last Run could not start (a request the settings cannot make); null when it could. */
	get runError(): string | null {
		return this.#runError;
	}

	/** The model's name when chat mode would need a chat template it does not have; else null. */
	get noChatTemplate(): string | null {
		const loaded = settings.current.runLocal && !localEngine.stale && localEngine.engine?.hasChatTemplate === false;
		return loaded ? sourceLabel(localEngine.selection.source) : null;
	}

	/** The local pane's line before any run, following the panel: what is picked, loading or failed. */
	get localNotReady(): string {
		const picked = sourceLabel(localEngine.selection.source);
		if (localEngine.status === 'loading') return `Loading ${picked}…`;
		if (localEngine.status === 'error') return `${picked} did not load: the message above says why.`;
		return `${picked} is picked: Run loads it first (or press Load model).`;
	}

	/** Someone working on a prompt is about to press Run: start the local runtime now, not at first paint. */
	prepare(): void {
		if (settings.current.runLocal) localEngine.prepare();
	}

	async run(): Promise<void> {
		this.#runError = null;
		const current = settings.current;
		try {
			const request = buildCompareRequest({ prompt: compare.prompt, ...current });
			// Run loads what the local panel shows when that is not what is loaded (nothing yet, a failed
			// load, or the form changed since): a person pressing Run expects an answer from their choice, not
			// a hint to press another button first. A failed load is shown by the panel; the cloud still runs.
			const local = current.runLocal ? await localEngine.engineForRun() : null;
			await compare.run(
				request,
				[
					{ id: localSlot.id, engine: local, prices: localSlot.prices },
					{ id: cloudSlot.id, engine: current.runCloud ? cloudSlot.engine : null, prices: cloudSlot.prices }
				],
				current.schedule
			);
		} catch (error) {
			this.#runError = error instanceof Error ? error.message : String(error);
		}
	}
}

export const comparePage = new ComparePageManager();
