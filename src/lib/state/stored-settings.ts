// The settings kept in localStorage that something outside the app also writes: the benchmark CLI's
// driver seeds the slot list, the endpoints and the benchmark choice before it opens the app. Their names
// and shapes live here only, so the app and the driver cannot drift apart; the app reads every one of them
// through these schemas, so a value an older version (or a hand) wrote falls back instead of breaking a page.
import { z } from 'zod';
import { BUILTIN_MODEL_IDS } from '../models/builtin';
import { TWIN_SHAPES } from '../models/synthetic/shapes';
import { STORAGE_PREFIX } from './persisted';
import { ONNX_RUNTIME_ID } from '../runtimes/onnx/id';

/** Names under the `edgewise:` prefix (see persisted.ts). */
export const STORED = {
	slots: 'slots',
	benchmark: 'benchmark',
	endpoints: 'endpoints',
	/** What the single local panel saved before the Compare page had slots; read once, to start the first slot. */
	legacyLocalSelection: 'local-selection'
} as const;

/** The full localStorage key of a stored setting. */
export const storageKey = (name: (typeof STORED)[keyof typeof STORED]): string => STORAGE_PREFIX + name;

/** API keys, kept apart from everything else, on this device only (endpoints.svelte.ts says why). */
export const ENDPOINT_KEYS_STORAGE = 'edgewise-device-only:endpoint-keys';

export const ModelSourceSchema = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('default'), id: z.enum(BUILTIN_MODEL_IDS).optional() }),
	z.object({ kind: z.literal('twin'), shape: z.enum(TWIN_SHAPES), seed: z.number().int().optional() }),
	z.object({
		kind: z.literal('hub'),
		id: z.string().min(1),
		revision: z.string().optional(),
		file: z.string().optional()
	}),
	z.object({
		kind: z.literal('url'),
		baseUrl: z.string().min(1),
		id: z.string().min(1),
		revision: z.string().optional(),
		file: z.string().optional()
	}),
	z.object({ kind: z.literal('file'), url: z.string().min(1) })
]);

/**
 * One local configuration: model × runtime × backend × precision × threads. The runtime is a registered one's
 * id (src/lib/runtimes; a slot whose runtime is not registered here starts over, see slots/builtin-kinds.ts);
 * one saved before there was a choice ran on ONNX Runtime.
 */
export const LocalSelectionSchema = z.object({
	source: ModelSourceSchema,
	runtime: z.string().min(1).default(ONNX_RUNTIME_ID),
	backend: z.enum(['auto', 'wasm', 'webgpu']),
	dtype: z.string().min(1),
	/** null: let the engine choose (min(cores, 4) when cross-origin isolated). */
	threads: z.number().int().min(1).max(64).nullable(),
	/** The runtime's own settings (its `settings` schema checks them); absent: its defaults. */
	settings: z.record(z.string(), z.string()).optional()
});

/** A cloud slot's endpoint: a saved endpoint's id, or null for the default one (marked in Settings). */
export const CloudSlotConfigSchema = z.object({ endpointId: z.string().min(1).nullable() });

/**
 * One engine slot on the Compare page. `config` is the slot kind's own (checked by that kind's schema in the
 * engine registry), so a new kind adds no field here.
 */
export const SlotEntrySchema = z.object({
	id: z
		.string()
		.regex(/^[a-z][a-z0-9-]{0,39}$/, 'a slot id is lower-case letters, digits and dashes, starting with a letter'),
	kind: z.string().min(1),
	/** Whether Run and the benchmark include this slot. */
	enabled: z.boolean().default(true),
	config: z.unknown().optional()
});
export const SlotListSchema = z.array(SlotEntrySchema).max(16);

export const SavedEndpointSchema = z.object({
	id: z.string().min(1),
	name: z.string(),
	presetId: z.string(),
	baseUrl: z.string(),
	model: z.string(),
	inputUsdPerMTokens: z.number().finite(),
	outputUsdPerMTokens: z.number().finite(),
	connectTimeoutS: z.number().optional(),
	firstTokenTimeoutS: z.number().optional(),
	idleTimeoutS: z.number().optional()
});
export const StoredEndpointsSchema = z.object({
	endpoints: z.array(SavedEndpointSchema).min(1),
	selectedId: z.string(),
	/** The reference server's URL as the app's own server last announced it (kept for offline visits). */
	announcedReferenceUrl: z.string().optional()
});
export const EndpointKeysSchema = z.record(z.string(), z.string());

export const BenchmarkChoiceSchema = z.object({
	suiteId: z.string().min(1),
	repetitions: z.number().int().min(1).max(100),
	/** Quality suites run after the speed runs (built-in ids, or `custom:…` for an imported set); none by default. */
	quality: z.array(z.string().min(1)).default([]),
	/** How quality prompts are sent: continued as text (story models, no chat template) or as one user message. */
	qualityMode: z.enum(['completion', 'chat']).default('completion')
});

export type LocalSelection = z.infer<typeof LocalSelectionSchema>;
export type SlotEntry = z.infer<typeof SlotEntrySchema>;
export type CloudSlotConfig = z.infer<typeof CloudSlotConfigSchema>;
export type StoredEndpoints = z.infer<typeof StoredEndpointsSchema>;
export type BenchmarkChoice = z.infer<typeof BenchmarkChoiceSchema>;
/** A choice as written: quality and its mode may be left out (none, completion). */
export type BenchmarkChoiceInput = z.input<typeof BenchmarkChoiceSchema>;
