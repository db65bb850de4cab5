// The scale view's typed-in figures: users, requests per user per day, a training cost, and prices per
// endpoint base URL (so a price typed for one endpoint applies to every result measured against it). They
// persist on this device, like other settings; nothing here is secret.
import type { TokenPrices } from '$lib/bench/cost';
import type { ScaleInputs } from '$lib/bench/scale';
import { readPersisted, writePersisted } from './persisted';

const STORAGE_NAME = 'scale-inputs';

interface Stored {
	inputs: ScaleInputs;
	prices: Record<string, TokenPrices>;
}

const DEFAULTS: Stored = { inputs: { users: 1_000_000, requestsPerUserPerDay: 10, trainingUsd: null }, prices: {} };

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
function isStored(value: unknown): value is Stored {
	const v = value as Stored;
	return (
		typeof v === 'object' &&
		v !== null &&
		typeof v.inputs === 'object' &&
		finite(v.inputs.users) &&
		finite(v.inputs.requestsPerUserPerDay) &&
		(v.inputs.trainingUsd === null || finite(v.inputs.trainingUsd)) &&
		typeof v.prices === 'object' &&
		v.prices !== null &&
		Object.values(v.prices).every((p) => finite(p?.inputUsdPerMTokens) && finite(p?.outputUsdPerMTokens))
	);
}

export class ScaleInputsManager {
	#stored = $state.raw<Stored>(readPersisted(STORAGE_NAME, DEFAULTS, isStored));

	get inputs(): ScaleInputs {
		return this.#stored.inputs;
	}

	/** Prices typed in for an endpoint, keyed by its base URL (never holds a key: base URLs are redacted). */
	pricesFor(endpoint: string): TokenPrices | undefined {
		return this.#stored.prices[endpoint];
	}

	setInputs(patch: Partial<ScaleInputs>): void {
		this.#save({ ...this.#stored, inputs: { ...this.#stored.inputs, ...patch } });
	}

	setPrices(endpoint: string, prices: TokenPrices | null): void {
		const next = { ...this.#stored.prices };
		if (prices) next[endpoint] = prices;
		else delete next[endpoint];
		this.#save({ ...this.#stored, prices: next });
	}

	#save(next: Stored): void {
		this.#stored = next;
		writePersisted(STORAGE_NAME, next);
	}
}

export const scaleInputs = new ScaleInputsManager();
