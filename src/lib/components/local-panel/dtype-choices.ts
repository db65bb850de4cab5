// The precisions a local slot offers: only what its runtime can run for its model (each runtime says which,
// src/lib/runtimes).
import { localRuntime, type DtypeChoice } from '$lib/runtimes';
import type { LocalSelection } from '$lib/state/stored-settings';

export type { DtypeChoice };

/**
 * The choices for this model and runtime. A current choice the runtime cannot run (left from another runtime)
 * stays listed, marked, so the form shows what is picked instead of silently showing another.
 */
export function dtypeChoices(selection: Pick<LocalSelection, 'source' | 'runtime' | 'dtype'>): DtypeChoice[] {
	const choices = localRuntime(selection.runtime).dtypeChoices(selection.source);
	if (choices.some((c) => c.value === selection.dtype)) return choices;
	return [
		...choices,
		{ value: selection.dtype, label: `${selection.dtype} (this runtime cannot run it: pick another)` }
	];
}
