// The person's defaults for the Compare page, persisted on this device. Endpoint settings (URLs, keys,
// prices) live with the cloud side; the theme has its own manager.
import { readPersisted, writePersisted } from './persisted';

export type PromptMode = 'chat' | 'completion';
/** 'sequential' (one slot after another, in list order) keeps one machine's CPU from serving two at once. */
export type Schedule = 'sequential' | 'together';

export interface AppSettings {
	mode: PromptMode;
	/** Fixed output budget: both engines get the same one, so their numbers compare. */
	maxNewTokens: number;
	/** Optional system message in chat mode; empty means none. */
	systemPrompt: string;
	schedule: Schedule;
}

export const MAX_NEW_TOKENS_LIMIT = 4096;

/**
 * Plain completion by default: the built-in model (stories260k) and the reference server's model have no chat
 * template. Chat is the person's choice where a model has one (compare-page.svelte.ts `mode`).
 */
export const DEFAULT_SETTINGS: Readonly<AppSettings> = {
	mode: 'completion',
	maxNewTokens: 64,
	systemPrompt: '',
	schedule: 'sequential'
};

const STORAGE_NAME = 'settings';

export function clampMaxNewTokens(value: number): number {
	if (!Number.isFinite(value)) return DEFAULT_SETTINGS.maxNewTokens;
	return Math.min(MAX_NEW_TOKENS_LIMIT, Math.max(1, Math.round(value)));
}

/** Accepts what an older version stored, field by field, falling back to defaults for the rest. */
export function sanitizeSettings(value: unknown): AppSettings {
	const stored = (typeof value === 'object' && value !== null ? value : {}) as Partial<
		Record<keyof AppSettings, unknown>
	>;
	return {
		mode: stored.mode === 'chat' ? 'chat' : 'completion',
		maxNewTokens:
			typeof stored.maxNewTokens === 'number' ? clampMaxNewTokens(stored.maxNewTokens) : DEFAULT_SETTINGS.maxNewTokens,
		systemPrompt: typeof stored.systemPrompt === 'string' ? stored.systemPrompt : DEFAULT_SETTINGS.systemPrompt,
		schedule: stored.schedule === 'together' ? 'together' : 'sequential'
	};
}

const isAnything = (_value: unknown): _value is unknown => true;

export class SettingsManager {
	current = $state.raw<AppSettings>(sanitizeSettings(readPersisted<unknown>(STORAGE_NAME, {}, isAnything)));

	update(patch: Partial<AppSettings>): void {
		this.current = sanitizeSettings({ ...this.current, ...patch });
		writePersisted(STORAGE_NAME, this.current);
	}

	reset(): void {
		this.current = { ...DEFAULT_SETTINGS };
		writePersisted(STORAGE_NAME, this.current);
	}
}

export const settings = new SettingsManager();
