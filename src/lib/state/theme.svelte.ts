// Light, dark, or follow the system. The choice persists; src/app.html applies it before first paint
// (same key), this manager keeps <html data-theme> in step afterwards.
import { readPersisted, writePersisted } from './persisted';

export type ThemeChoice = 'system' | 'light' | 'dark';
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];
const STORAGE_NAME = 'theme';

const isThemeChoice = (value: unknown): value is ThemeChoice => THEME_CHOICES.includes(value as ThemeChoice);

export class ThemeManager {
	choice = $state.raw<ThemeChoice>(readPersisted(STORAGE_NAME, 'system', isThemeChoice));
	/** What the system asks for, tracked live so `resolved` follows an OS switch. */
	systemPrefersDark = $state.raw(false);
	resolved = $derived<'light' | 'dark'>(
		this.choice === 'system' ? (this.systemPrefersDark ? 'dark' : 'light') : this.choice
	);

	#started = false;

	start(): void {
		if (this.#started || typeof window === 'undefined') return;
		this.#started = true;
		const query = window.matchMedia('(prefers-color-scheme: dark)');
		this.systemPrefersDark = query.matches;
		query.addEventListener('change', (event) => (this.systemPrefersDark = event.matches));
		this.#apply();
	}

	set(choice: ThemeChoice): void {
		this.choice = choice;
		writePersisted(STORAGE_NAME, choice);
		this.#apply();
	}

	/** Cycles system -> light -> dark, for the one-button toggle in the header. */
	cycle(): void {
		// The modulo keeps the index in range.
		this.set(THEME_CHOICES[(THEME_CHOICES.indexOf(this.choice) + 1) % THEME_CHOICES.length]!);
	}

	#apply(): void {
		// No attribute means "system": the stylesheet's prefers-color-scheme media query decides.
		if (this.choice === 'system') delete document.documentElement.dataset.theme;
		else document.documentElement.dataset.theme = this.choice;
	}
}

export const theme = new ThemeManager();
