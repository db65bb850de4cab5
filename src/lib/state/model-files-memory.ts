// Which dtypes a model's folder was seen to have, per model, shared by every local slot and kept across
// reloads, so a reload probes nothing. Bounded: the last few models only.
import type { ModelFiles } from '../models/hub';
import { readPersisted, writePersisted } from './persisted';

const STORAGE_NAME = 'model-files';
const MAX_REMEMBERED_MODELS = 20;

function isFilesMap(value: unknown): value is Record<string, ModelFiles> {
	return (
		!!value && typeof value === 'object' && Object.values(value).every((f) => Array.isArray((f as ModelFiles)?.dtypes))
	);
}

let known: Record<string, ModelFiles> | null = null;
const all = (): Record<string, ModelFiles> => (known ??= readPersisted(STORAGE_NAME, {}, isFilesMap));

export const modelFilesMemory = {
	get(key: string): ModelFiles | undefined {
		return all()[key];
	},
	remember(key: string, files: ModelFiles): void {
		known = Object.fromEntries(Object.entries({ ...all(), [key]: files }).slice(-MAX_REMEMBERED_MODELS));
		writePersisted(STORAGE_NAME, known);
	},
	/** A load just found the folder has changed. */
	forget(key: string): void {
		if (!all()[key]) return;
		const { [key]: _gone, ...rest } = all();
		known = rest;
		writePersisted(STORAGE_NAME, rest);
	}
};
