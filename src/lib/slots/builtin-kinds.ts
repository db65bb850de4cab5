// The two engine kinds Edgewise ships: a model on this device, and an OpenAI-compatible endpoint.
import { CloudPanel } from '../components/cloud-panel';
import { LocalPanel } from '../components/local-panel';
import { CloudSlotManager } from '../state/cloud-engine.svelte';
import { localRuntime, runtimeSettings } from '../runtimes';
import { endpoints } from '../state/endpoints.svelte';
import { DEFAULT_SELECTION, LocalEngineManager } from '../state/local-engine.svelte';
import {
	CloudSlotConfigSchema,
	LocalSelectionSchema,
	type CloudSlotConfig,
	type LocalSelection
} from '../state/stored-settings';
import { engineKind, registerEngineKind } from './registry';

/**
 * A saved local slot's choice; an unknown twin shape, a runtime this build does not have or a setting its runtime
 * does not offer throws (the slot starts over).
 */
export function parseLocalSelection(value: unknown): LocalSelection {
	const selection = LocalSelectionSchema.parse(value);
	runtimeSettings(localRuntime(selection.runtime), selection.settings);
	return selection;
}

export function registerBuiltinKinds(): void {
	if (engineKind('local')) return;
	registerEngineKind<LocalSelection, LocalEngineManager>({
		kind: 'local',
		label: 'Local model (this device)',
		idPrefix: 'local',
		parseConfig: parseLocalSelection,
		// Another local slot starts from the last one's choice: a sweep usually changes one field at a time.
		defaultConfig: (existing) => structuredClone(existing.at(-1) ?? DEFAULT_SELECTION),
		createManager: (id, config, save) => new LocalEngineManager(id, config, save),
		panel: LocalPanel
	});
	registerEngineKind<CloudSlotConfig, CloudSlotManager>({
		kind: 'cloud',
		label: 'Cloud endpoint',
		idPrefix: 'cloud',
		parseConfig: (value) => CloudSlotConfigSchema.parse(value),
		// A second cloud slot starts on an endpoint no slot uses yet, when there is one.
		defaultConfig: (existing) => {
			if (existing.length === 0) return { endpointId: null };
			const used = new Set(existing.map((c) => c.endpointId ?? endpoints.selected.id));
			return { endpointId: endpoints.list.find((e) => !used.has(e.id))?.id ?? endpoints.selected.id };
		},
		createManager: (id, config, save) => new CloudSlotManager(id, config, save),
		panel: CloudPanel
	});
}
