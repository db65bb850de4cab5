// One endpoint's "Test connection" and "List models" in Settings: what is running, the last report and the
// models it found. One instance per endpoint form, so two forms never share a report.
import { emptyReport, type ConnectionReport } from '../engine/cloud/test-connection';
import { listModels, testConnection } from './cloud-engine.svelte';
import type { SavedEndpoint } from './endpoints.svelte';

export class EndpointCheck {
	#busy = $state.raw(false);
	#report = $state.raw<ConnectionReport | null>(null);
	#models = $state.raw<string[]>([]);
	#listError = $state.raw<string | null>(null);

	get busy(): boolean {
		return this.#busy;
	}
	get report(): ConnectionReport | null {
		return this.#report;
	}
	get models(): string[] {
		return this.#models;
	}
	get listError(): string | null {
		return this.#listError;
	}

	/** Forgets what was found: the endpoint changed under it (another preset). */
	reset(): void {
		this.#models = [];
		this.#report = null;
		this.#listError = null;
	}

	async listModels(endpoint: SavedEndpoint): Promise<void> {
		this.#busy = true;
		this.#listError = null;
		try {
			this.#models = await listModels($state.snapshot(endpoint) as SavedEndpoint);
			if (!this.#models.length) this.#listError = 'This endpoint does not list its models; type the model id.';
		} catch (error) {
			this.#listError = error instanceof Error ? error.message : String(error);
		} finally {
			this.#busy = false;
		}
	}

	async test(endpoint: SavedEndpoint): Promise<void> {
		this.#busy = true;
		this.#report = null;
		try {
			const report = await testConnection($state.snapshot(endpoint) as SavedEndpoint);
			this.#report = report;
			if (report.models.length) this.#models = report.models;
		} catch (error) {
			this.#report = emptyReport(error);
		} finally {
			this.#busy = false;
		}
	}
}
