// What one measured run means at scale: a fleet of `users`, each sending `requestsPerUserPerDay` requests
// like the measured one. A remote (priced) engine costs (input tokens x input price + output tokens x
// output price) per request, every day; an on-device engine has no marginal price, a one-off model download
// per user, and spends the measured end-to-end time of the user's own device per request. The day the
// cumulative remote cost passes a training figure is the essay's question: when does inference outspend
// training? Every figure is an estimate built from a handful of runs and list prices; the About page
// writes the formulas out, and the Results page labels every figure so.
import { cloudCost, type TokenPrices } from './cost';
import { formatUsd } from './format';
import type { EngineInfoRecord, ResultRecord } from './schema';
import { summarize } from './stats';

export const DAYS_PER_MONTH = 30;
export const DAYS_PER_YEAR = 365;

export interface ScaleInputs {
	users: number;
	requestsPerUserPerDay: number;
	/** One-off training cost to compare with, US dollars; null when none was typed in. */
	trainingUsd: number | null;
}

/** Where an input came from, shown beside it. */
export type InputSource = 'measured' | 'list price' | 'typed in' | 'not reported';
export interface Sourced<T> {
	value: T;
	source: InputSource;
}

export interface RemoteScaleInput {
	engineId: string;
	label: string;
	inputTokens: Sourced<number>;
	outputTokens: Sourced<number>;
	/** null when neither the record nor the person gave prices for this endpoint. */
	prices: Sourced<TokenPrices> | null;
}

export interface DeviceScaleInput {
	engineId: string;
	label: string;
	downloadBytes: Sourced<number> | null;
	e2eMs: Sourced<number> | null;
}

export type Crossing =
	{ kind: 'day'; day: number } | { kind: 'never'; reason: string } | { kind: 'no-training'; reason: string };

export interface RemoteScale {
	engineId: string;
	label: string;
	estimate: true;
	/** null without prices: then every cost below is null too. */
	perRequestUsd: number | null;
	perDayUsd: number | null;
	perMonthUsd: number | null;
	perYearUsd: number | null;
	crossing: Crossing;
}

export interface DeviceScale {
	engineId: string;
	label: string;
	estimate: true;
	marginalUsdPerRequest: 0;
	downloadBytesPerUser: number | null;
	/** users x download: the one-off traffic of putting the model on every device. */
	totalDownloadBytes: number | null;
	deviceMsPerRequest: number | null;
	/** Device time one user spends per day (requests x e2e), ms. */
	deviceMsPerUserPerDay: number | null;
	/** Device time the whole fleet spends per day, hours: spread over the users' own devices. */
	fleetDeviceHoursPerDay: number | null;
}

export function requestsPerDay(inputs: ScaleInputs): number {
	return inputs.users * inputs.requestsPerUserPerDay;
}

/**
 * The first whole day d (from 1) on which d x perDayUsd reaches trainingUsd. A tiny tolerance keeps a
 * crossing that falls exactly on a day (100 / 0.1) from moving to the next one through rounding.
 */
export function crossingDay(perDayUsd: number | null, trainingUsd: number | null): Crossing {
	if (trainingUsd === null) return { kind: 'no-training', reason: 'no training cost typed in' };
	if (perDayUsd === null) return { kind: 'never', reason: 'no prices for this endpoint' };
	if (perDayUsd <= 0)
		return { kind: 'never', reason: 'the cloud costs $0 per day here (zero prices, zero tokens or no users)' };
	return { kind: 'day', day: Math.max(1, Math.ceil(trainingUsd / perDayUsd - 1e-9)) };
}

export function remoteScale(input: RemoteScaleInput, inputs: ScaleInputs): RemoteScale {
	const perRequestUsd = input.prices
		? cloudCost(input.prices.value, input.inputTokens.value, input.outputTokens.value).perRunUsd
		: null;
	const perDayUsd = perRequestUsd === null ? null : perRequestUsd * requestsPerDay(inputs);
	return {
		engineId: input.engineId,
		label: input.label,
		estimate: true,
		perRequestUsd,
		perDayUsd,
		perMonthUsd: perDayUsd === null ? null : perDayUsd * DAYS_PER_MONTH,
		perYearUsd: perDayUsd === null ? null : perDayUsd * DAYS_PER_YEAR,
		crossing: crossingDay(perDayUsd, inputs.trainingUsd)
	};
}

export function deviceScale(input: DeviceScaleInput, inputs: ScaleInputs): DeviceScale {
	const bytes = input.downloadBytes?.value ?? null;
	const e2e = input.e2eMs?.value ?? null;
	const perUserMs = e2e === null ? null : e2e * inputs.requestsPerUserPerDay;
	return {
		engineId: input.engineId,
		label: input.label,
		estimate: true,
		marginalUsdPerRequest: 0,
		downloadBytesPerUser: bytes,
		totalDownloadBytes: bytes === null ? null : bytes * inputs.users,
		deviceMsPerRequest: e2e,
		deviceMsPerUserPerDay: perUserMs,
		fleetDeviceHoursPerDay: perUserMs === null ? null : (perUserMs * inputs.users) / 3_600_000
	};
}

/** An engine that runs on the user's own device has no per-request price; everything else is remote. */
export function runsOnDevice(info: EngineInfoRecord): boolean {
	return info.placement === 'device';
}

/** Per engine id, prices the person typed in: they win over the list prices saved with the record. */
export type TypedPrices = Record<string, TokenPrices | undefined>;

/** The scale inputs a saved result holds: medians of its counted runs (all cases), its prices and model sizes. */
export function scaleInputsOf(
	record: ResultRecord,
	typed: TypedPrices = {}
): { remote: RemoteScaleInput[]; device: DeviceScaleInput[] } {
	const remote: RemoteScaleInput[] = [];
	const device: DeviceScaleInput[] = [];
	for (const { id, info } of record.engines) {
		const counted = record.runs.filter((r) => !r.warmup && r.engineId === id && r.metrics);
		const median = (pick: (m: NonNullable<(typeof counted)[number]['metrics']>) => number | null) =>
			summarize(counted.map((r) => pick(r.metrics!)))?.median ?? null;
		if (runsOnDevice(info)) {
			const e2e = median((m) => m.e2eMs);
			device.push({
				engineId: id,
				label: info.label,
				downloadBytes: info.model.bytes === undefined ? null : { value: info.model.bytes, source: 'measured' },
				e2eMs: e2e === null ? null : { value: e2e, source: 'measured' }
			});
			continue;
		}
		const inTok = median((m) => m.inputTokens);
		const outTok = median((m) => m.outputTokens);
		const listed = record.cost.find((c) => c.engineId === id)?.prices;
		const prices: Sourced<TokenPrices> | null = typed[id]
			? { value: typed[id], source: 'typed in' }
			: listed
				? { value: listed, source: 'list price' }
				: null;
		remote.push({
			engineId: id,
			label: info.label,
			inputTokens: inTok === null ? { value: 0, source: 'not reported' } : { value: inTok, source: 'measured' },
			outputTokens: outTok === null ? { value: 0, source: 'not reported' } : { value: outTok, source: 'measured' },
			prices
		});
	}
	return { remote, device };
}

/** Days the cumulative-cost chart spans: past the latest crossing, at least a month, at most ten years. */
export function chartHorizonDays(scales: RemoteScale[]): number {
	const days = scales.flatMap((s) => (s.crossing.kind === 'day' ? [s.crossing.day] : []));
	if (days.length === 0) return DAYS_PER_YEAR;
	return Math.min(10 * DAYS_PER_YEAR, Math.max(DAYS_PER_MONTH, Math.ceil(Math.max(...days) * 1.25)));
}

/** Dollars with thousands separators (fleet figures run into millions); fractions of a cent keep 3 digits. */
export function formatFleetUsd(usd: number): string {
	// Below a cent, as every price reads (formatUsd); above, with thousands separators.
	if (usd < 0.01) return formatUsd(usd);
	return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A day count with its rough length in years or months, for the crossing sentence. */
export function formatDays(days: number): string {
	if (days >= DAYS_PER_YEAR)
		return `day ${days.toLocaleString('en-US')} (≈ ${(days / DAYS_PER_YEAR).toFixed(1)} years)`;
	if (days >= DAYS_PER_MONTH) return `day ${days} (≈ ${(days / DAYS_PER_MONTH).toFixed(1)} months)`;
	return `day ${days}`;
}
