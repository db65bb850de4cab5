// The versioned results format: what IndexedDB stores, what JSON export writes and import reads, and what
// the CLI writes to bench-results/. One zod schema is the single source; docs/results-schema.json is
// generated from it (npm run results-schema) and docs/results-format.md describes it for people.
//
// Objects are zod's default (strip): unknown keys are dropped on parse. That is deliberate: an engine
// config that carried an API key (`apiKey`, `headers`) loses it here, before anything is stored or
// exported. URLs are cleaned separately (see redact.ts), because a key can hide in a query string.
import { z } from 'zod';
import { EngineQualitySchema, PROMPT_MODES, QualityItemSchema } from '../quality/schema';
import { ONNX_RUNTIME_ID } from '../runtimes/onnx/id';

/** Bump when a stored or exported record changes shape; import refuses versions it does not know. */
export const SCHEMA_VERSION = 2;
/** Versions import still reads (converted on the way in, see schema-upgrade.ts). */
export const READABLE_SCHEMA_VERSIONS = [1, 2] as const;
export const FORMAT_ID = 'edgewise-results';

const ms = z.number().describe('milliseconds');
const epochMs = z.number().describe('epoch milliseconds (performance.timeOrigin + performance.now())');

export const ModelInfoSchema = z.object({
	id: z.string(),
	revision: z.string().optional(),
	dtype: z.string().optional(),
	fileHash: z.string().optional().describe('sha256 of the main ONNX file'),
	synthetic: z.boolean().optional(),
	bytes: z.number().optional().describe('one-off download size of the model, bytes')
});

export const AdapterSchema = z.object({
	vendor: z.string(),
	architecture: z.string(),
	description: z.string().optional(),
	isFallbackAdapter: z.boolean().optional()
});

export const EngineInfoSchema = z.object({
	kind: z.enum(['local', 'cloud']),
	label: z.string(),
	placement: z.enum(['device', 'remote']).describe('device: ran on this device; remote: behind an endpoint'),
	priced: z.boolean().describe('whether the engine charges per token'),
	honours: z
		.object({ stop: z.boolean(), seed: z.boolean(), ignoreEos: z.boolean() })
		.describe('request fields the engine carries out; a run that set another one says so in its notices'),
	model: ModelInfoSchema,
	backend: z.enum(['webgpu', 'wasm', 'cpu', 'http']).optional(),
	build: z.string().optional(),
	threads: z.number().optional(),
	adapter: AdapterSchema.optional(),
	endpointBaseUrl: z.string().optional().describe('base URL only: never a key, credentials or query'),
	runtime: z
		.object({
			name: z.string().min(1).describe('the local runtime (src/lib/runtimes): onnxruntime-web, llama.cpp, …'),
			version: z.string(),
			fileFormat: z.string().min(1).describe('the model file format it read: onnx, gguf, …'),
			quant: z.string().optional(),
			build: z
				.object({ name: z.string(), label: z.string(), source: z.string(), simd: z.string() })
				.optional()
				.describe('the build of the runtime that ran (llama.cpp: Edgewise or wllama), its source and SIMD kernels')
		})
		.optional()
		.describe('the inference runtime under a local engine and the file format it reads'),
	notices: z.array(z.string()).optional()
});

export const EngineLoadSchema = z
	.object({
		loadMs: ms.describe('milliseconds from the load() call to ready; an on-device load includes its one-token warm-up'),
		loadKind: z
			.enum(['cold', 'warm'])
			.describe('cold: some model bytes came over the network; warm: all came from the cache (a remote load is warm)')
	})
	.describe(
		"the load that readied the engine for this record's runs (it may have served earlier records too); absent when none was timed, and in older records"
	);

const ChatMessageSchema = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() });

export const GenerateRequestSchema = z.object({
	input: z.discriminatedUnion('mode', [
		z.object({ mode: z.literal('chat'), messages: z.array(ChatMessageSchema) }),
		z.object({ mode: z.literal('completion'), prompt: z.string() })
	]),
	maxNewTokens: z.number().int(),
	temperature: z.number(),
	topP: z.number().optional(),
	seed: z.number().optional(),
	stop: z.array(z.string()).optional(),
	ignoreEos: z.boolean().optional()
});

const MemoryFigureSchema = z.object({
	bytes: z.number().nullable(),
	reason: z.string().optional().describe('why bytes is null: what this browser or backend does not offer')
});

export const RunMemorySchema = z
	.object({
		wasmHeapAfterLoad: MemoryFigureSchema.describe("ONNX Runtime's WebAssembly heap after load and warm-up"),
		wasmHeapPeak: MemoryFigureSchema.describe('the heap after the run: a wasm heap never shrinks, so also its peak'),
		model: MemoryFigureSchema.describe('bytes of the model files loaded'),
		page: MemoryFigureSchema.describe("the page's total, from performance.measureUserAgentSpecificMemory()"),
		webgpuBuffers: MemoryFigureSchema.describe('GPU buffers created and not destroyed, WebGPU runs')
	})
	.describe('what an on-device run held in memory; absent for remote engines and older records');

const ErrorSchema = z.object({ name: z.string(), message: z.string() });

export const GenerationResultSchema = z.object({
	text: z.string(),
	requestMs: epochMs,
	arrivalsMs: z.array(epochMs).describe('raw arrival time of every token (local) or content chunk (cloud)'),
	inputTokens: z.number().nullable(),
	outputTokens: z.number(),
	tokensSource: z.enum(['tokenizer', 'usage', 'chunks']),
	finishReason: z.enum(['stop', 'length', 'cancelled', 'error']),
	tokenIds: z.array(z.number()).optional(),
	stampedPer: z
		.literal('read')
		.optional()
		.describe(
			'read: each arrival is a network read of a remote stream (bursts possible); absent: each is a token as produced'
		),
	serverTimings: z
		.object({
			promptMs: z.number().optional(),
			decodeTokensPerS: z
				.number()
				.optional()
				.describe("the server's decode speed, (n - 1) / its first-to-last token span, from its own figures"),
			source: z.enum(['edgewise', 'llama.cpp', 'vllm']).optional(),
			promptTokens: z.number().optional(),
			decodeTokens: z.number().optional(),
			decodeMs: z.number().optional(),
			reportedTokensPerS: z
				.number()
				.optional()
				.describe("the server's own speed figure as sent, by reportedDefinition"),
			reportedDefinition: z.string().optional()
		})
		.optional(),
	error: ErrorSchema.optional(),
	notices: z
		.array(z.string())
		.optional()
		.describe("the engine's remarks on this run's measurement, e.g. a cloud stream read in bursts"),
	memory: RunMemorySchema.optional()
});

export const RunMetricsSchema = z.object({
	ttftMs: ms.nullable(),
	e2eMs: ms.nullable(),
	decodeTokensPerS: z
		.number()
		.nullable()
		.describe("the client's decode figure, or the server's where decodeSource is 'server'"),
	tpotMs: ms.nullable(),
	decodeSource: z
		.enum(['client', 'server'])
		.optional()
		.describe(
			"who timed decodeTokensPerS and tpotMs: this client, or the server's own figure where the stream reached the client in bursts; absent in older records (client)"
		),
	clientDecodeTokensPerS: z
		.number()
		.nullable()
		.optional()
		.describe("the client's own decode figure, kept beside a server's figure that stands in"),
	clientTpotMs: ms.nullable().optional(),
	prefillTokensPerS: z.number().nullable(),
	inputTokens: z.number().nullable(),
	outputTokens: z.number(),
	tokensSource: z.enum(['tokenizer', 'usage', 'chunks']),
	itlMs: z.array(ms),
	serverDecodeTokensPerS: z.number().nullable().optional(),
	decodeAgreement: z
		.number()
		.nullable()
		.optional()
		.describe('client decode / server decode for the same run; 1 is perfect agreement')
});

export const RunSampleSchema = z.object({
	/** Order in which the run started within its record, from 0 (warm-ups included). */
	sequence: z.number().int(),
	engineId: z.string(),
	caseId: z.string(),
	/** Repetition from 0; null for a warm-up. */
	repetition: z.number().int().nullable(),
	warmup: z.boolean(),
	request: GenerateRequestSchema,
	result: GenerationResultSchema,
	/** null when the run failed or was cancelled: it is kept, but counts in no statistic. */
	metrics: RunMetricsSchema.nullable()
});

export const SummarySchema = z.object({
	n: z.number().int(),
	median: z.number(),
	p90: z.number(),
	p99: z.number(),
	min: z.number(),
	max: z.number(),
	mean: z.number(),
	stdev: z.number(),
	cv: z.number().nullable(),
	noisy: z.boolean()
});

export const METRIC_NAMES = [
	'ttftMs',
	'e2eMs',
	'decodeTokensPerS',
	'tpotMs',
	'prefillTokensPerS',
	'outputTokens'
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

export const CaseSummarySchema = z.object({
	caseId: z.string(),
	engineId: z.string(),
	runs: z.number().int(),
	failedRuns: z.number().int(),
	metrics: z.object(
		Object.fromEntries(METRIC_NAMES.map((m) => [m, SummarySchema.nullable()])) as Record<
			MetricName,
			z.ZodNullable<typeof SummarySchema>
		>
	),
	/** Any of the metrics has CV > 10%. */
	noisy: z.boolean(),
	/** Counted runs whose decode figure is the server's (metrics.decodeSource); absent in older records (none). */
	serverDecodeRuns: z
		.number()
		.int()
		.optional()
		.describe("counted runs whose decode figure is the server's own (the client could not time them)"),
	/** Client / server decode over the runs whose server reported timings; absent in older records. */
	decodeAgreement: z
		.object({
			n: z.number().int(),
			median: z.number(),
			/** The run furthest from 1, either way. */
			worst: z.number(),
			/** Runs outside the tolerance (DECODE_AGREEMENT_TOLERANCE). */
			outside: z.number().int()
		})
		.nullable()
		.optional()
});

export const BreakEvenSchema = z.object({
	caseId: z.string(),
	aEngineId: z.string(),
	bEngineId: z.string(),
	a: z.object({ ttftMs: ms, tpotMs: ms }),
	b: z.object({ ttftMs: ms, tpotMs: ms }),
	verdict: z.discriminatedUnion('kind', [
		z.object({ kind: z.literal('always') }),
		z.object({ kind: z.literal('never') }),
		z.object({ kind: z.literal('tie') }),
		z.object({ kind: z.literal('below'), belowTokens: z.number(), crossingTokens: z.number() }),
		z.object({ kind: z.literal('from'), fromTokens: z.number(), crossingTokens: z.number() })
	]),
	sentence: z.string()
});

export const CostSchema = z.object({
	engineId: z.string(),
	estimate: z.literal(true),
	perRunUsd: z.number(),
	per1kOutputTokensUsd: z.number().nullable(),
	oneOffDownloadBytes: z.number().nullable(),
	label: z.string(),
	prices: z
		.object({ inputUsdPerMTokens: z.number(), outputUsdPerMTokens: z.number() })
		.optional()
		.describe('the list prices, US dollars per 1M tokens, the estimate used; absent in older records')
});

/** A registered local runtime's id (src/lib/runtimes); a plug-in runtime records its own. */
const ProbeRuntimeSchema = z.string().min(1);

const ProbeConfigShape = {
	// Probes saved before llama.cpp was timed have no runtime: they timed ONNX Runtime only.
	runtime: ProbeRuntimeSchema.default(ONNX_RUNTIME_ID).describe('the local runtime timed'),
	device: z.enum(['webgpu', 'wasm']),
	dtype: z.string().min(1).describe('the precision, as Edgewise names it (fp32, q8, q4)'),
	threads: z.number().int()
};

export const ProbeMeasurementSchema = z.object({
	...ProbeConfigShape,
	timings: z
		.array(
			z.object({
				layers: z.number().int(),
				stepMs: ms.describe('median decode step of a twin this many layers deep, ms')
			})
		)
		.describe("decode steps timed on few-layer twins of the model's width"),
	fixedMs: ms.describe('a in t(step) = a + b * layers: embedding, LM head and per-step overhead'),
	perLayerMs: ms.describe('b in t(step) = a + b * layers: one decoder layer'),
	estimatedStepMs: ms.describe("a + b * (the model's layer count)"),
	estimatedTokensPerS: z.number().describe('1000 / estimatedStepMs: the decode speed estimated for the full model')
});

export const ProbeReportSchema = z
	.object({
		key: z.string().describe('device + shape this was measured for (cores, isolation, adapter, user agent, shape)'),
		shape: z.string().describe('the model shape whose width was probed'),
		layers: z.number().int().describe("the full model's layer count, extrapolated to"),
		depths: z.array(z.number().int()),
		decodeSteps: z.number().int().describe('fewest greedy decode steps timed per depth (more when steps are fast)'),
		measurements: z.array(ProbeMeasurementSchema),
		runtimes: z
			.array(ProbeRuntimeSchema)
			.default([ONNX_RUNTIME_ID])
			.describe('the runtimes this probe timed (older probes timed ONNX Runtime only)'),
		skipped: z.array(
			z.object({
				runtime: ProbeRuntimeSchema.optional().describe('absent: every runtime skipped this'),
				device: z.enum(['webgpu', 'wasm']),
				dtype: z.string().min(1).optional(),
				threads: z.number().int().optional(),
				reason: z.string()
			})
		),
		choice: ProbeMeasurementSchema.nullable().describe('the fastest configuration measured'),
		reason: z.string(),
		wallMs: ms,
		measuredAt: z.string().describe('ISO 8601'),
		adapter: AdapterSchema.nullable()
	})
	.describe("the device probe's figures: what Auto chose from, and why");

export const DeviceReportSchema = z.object({
	runtime: z.enum(['browser', 'node']),
	userAgent: z.string().nullable(),
	browser: z.string().nullable(),
	os: z.string().nullable(),
	cores: z.number().nullable(),
	deviceMemoryGb: z.number().nullable().describe('navigator.deviceMemory: a rounded hint, GB'),
	gpuAdapter: AdapterSchema.nullable(),
	backend: z.string().nullable(),
	threads: z.number().nullable(),
	crossOriginIsolated: z.boolean().nullable(),
	online: z.boolean().nullable(),
	collectedAt: z.string().describe('ISO 8601'),
	probe: ProbeReportSchema.optional().describe('the device probe that chose the local backend, when Auto used one')
});

export const QualityRunSchema = z
	.object({
		suites: z
			.array(
				z.object({
					id: z.string(),
					label: z.string(),
					agreement: z.boolean().optional().describe('scored against the first engine\u2019s answers')
				})
			)
			.describe('the quality suites run, in order (built-in ids, or custom:<name> for an imported set)'),
		mode: z.enum(PROMPT_MODES).describe('completion: prompts continued as text; chat: one user message'),
		items: z.array(QualityItemSchema).describe('every item asked, with its answer and scorer'),
		warmups: z.array(RunSampleSchema),
		runs: z.array(RunSampleSchema).describe('one greedy answer per item and engine; caseId is <suite>/<item id>')
	})
	.describe('a quality run beside the speed runs: its items and answers; absent when none ran, and in older records');

export const ResultRecordSchema = z.object({
	id: z.string(),
	kind: z.enum(['run', 'benchmark']).describe('run: one Compare-page run; benchmark: a suite with repetitions'),
	createdAt: z.string().describe('ISO 8601'),
	appVersion: z.string(),
	title: z.string(),
	status: z.enum(['complete', 'cancelled', 'failed']),
	device: DeviceReportSchema,
	engines: z.array(
		z.object({
			id: z.string(),
			info: EngineInfoSchema,
			load: EngineLoadSchema.optional(),
			quality: EngineQualitySchema.optional().describe("this engine's scores on the record's quality run")
		})
	),
	parameters: z.object({
		suiteId: z.string().nullable(),
		repetitions: z.number().int(),
		warmupRuns: z.number().int().describe('uncounted warm-up runs per engine'),
		cases: z.array(z.object({ id: z.string(), maxNewTokens: z.number().int(), request: GenerateRequestSchema }))
	}),
	warmups: z.array(RunSampleSchema),
	runs: z.array(RunSampleSchema),
	summaries: z.array(CaseSummarySchema),
	breakEven: z.array(BreakEvenSchema),
	cost: z.array(CostSchema),
	quality: QualityRunSchema.optional()
});

export const ExportFileSchema = z.object({
	format: z.literal(FORMAT_ID),
	schemaVersion: z.literal(SCHEMA_VERSION),
	appVersion: z.string(),
	exportedAt: z.string().describe('ISO 8601'),
	records: z.array(ResultRecordSchema)
});

export type EngineInfoRecord = z.infer<typeof EngineInfoSchema>;
export type EngineLoadRecord = z.infer<typeof EngineLoadSchema>;
export type RunMemoryRecord = z.infer<typeof RunMemorySchema>;
export type RunSample = z.infer<typeof RunSampleSchema>;
export type CaseSummary = z.infer<typeof CaseSummarySchema>;
export type BreakEvenEntry = z.infer<typeof BreakEvenSchema>;
export type CostEntry = z.infer<typeof CostSchema>;
export type DeviceReport = z.infer<typeof DeviceReportSchema>;
export type ProbeReport = z.infer<typeof ProbeReportSchema>;
export type ProbeMeasurementReport = z.infer<typeof ProbeMeasurementSchema>;
export type ResultRecord = z.infer<typeof ResultRecordSchema>;
export type QualityRunRecord = z.infer<typeof QualityRunSchema>;
export type ExportFile = z.infer<typeof ExportFileSchema>;

/** The JSON Schema (draft 2020-12) of an export file, as written to docs/results-schema.json. */
export function resultsJsonSchema(): Record<string, unknown> {
	return z.toJSONSchema(ExportFileSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}
