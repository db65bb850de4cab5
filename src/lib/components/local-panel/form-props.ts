// What each part of a local slot's form takes: the selection it shows, whether it is locked (a load or run in
// progress), and how it changes the selection.
import type { LocalSelection } from '$lib/state/stored-settings';

export interface LocalFormProps {
	selection: LocalSelection;
	disabled?: boolean;
	onchange: (patch: Partial<LocalSelection>) => void;
}
