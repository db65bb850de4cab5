// Which Compare slots show their whole form and which a one-line summary. A slot's form is open until the slot
// is set up (its engine ready), then folds; a slot with an error is always open (the form is where it is fixed).
// A person's Edit / Done wins over that and is kept across reloads; a slot just added starts open.
import { readPersisted, writePersisted } from './persisted';

const NAME = 'slot-forms';
type Choices = Record<string, boolean>;
const isChoices = (value: unknown): value is Choices =>
	typeof value === 'object' &&
	value !== null &&
	!Array.isArray(value) &&
	Object.values(value).every((v) => typeof v === 'boolean');

/** Whether a slot's form shows: the slot's error first, then the person's choice, else until it is set up. */
export function formOpen(state: { setUp: boolean; failed: boolean; chosen: boolean | undefined }): boolean {
	if (state.failed) return true;
	return state.chosen ?? !state.setUp;
}

export class SlotFormsManager {
	#chosen = $state.raw<Choices>(readPersisted(NAME, {}, isChoices));

	/** The person's Edit (true) or Done (false) for this slot; undefined when they chose neither. */
	chosen(id: string): boolean | undefined {
		return this.#chosen[id];
	}

	set(id: string, open: boolean): void {
		this.#chosen = { ...this.#chosen, [id]: open };
		writePersisted(NAME, this.#chosen);
	}

	/** A removed slot's choice goes with it (a later slot may get its id). */
	forget(id: string): void {
		const { [id]: _gone, ...rest } = this.#chosen;
		this.#chosen = rest;
		writePersisted(NAME, rest);
	}
}

export const slotForms = new SlotFormsManager();
