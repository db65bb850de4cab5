// Names the person gave the devices on the Devices page, by device key (see bench/devices.ts). They stay on
// this device; an imported result keeps its own report, and only its display name changes here.
import { defaultDeviceLabel, deviceKey } from '$lib/bench/devices';
import type { DeviceReport } from '$lib/bench/schema';
import { readPersisted, writePersisted } from './persisted';

const STORAGE_NAME = 'device-labels';
const isLabels = (v: unknown): v is Record<string, string> =>
	typeof v === 'object' && v !== null && Object.values(v).every((s) => typeof s === 'string');

export class DeviceLabelsManager {
	#labels = $state.raw<Record<string, string>>(readPersisted(STORAGE_NAME, {}, isLabels));

	label(device: DeviceReport): string {
		return this.#labels[deviceKey(device)] || defaultDeviceLabel(device);
	}

	/** An empty name goes back to the one from the device report. */
	rename(device: DeviceReport, label: string): void {
		const next = { ...this.#labels };
		if (label.trim()) next[deviceKey(device)] = label.trim();
		else delete next[deviceKey(device)];
		this.#labels = next;
		writePersisted(STORAGE_NAME, next);
	}
}

export const deviceLabels = new DeviceLabelsManager();
