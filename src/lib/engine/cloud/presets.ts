// The servers people point Edgewise at, with their real default base URLs. A preset only fills the form;
// every field stays editable. `keyRequired` drives the settings form, `browserCors` whether a web page
// can call it directly (hosted APIs mostly allow any origin; self-hosted servers need configuring).
import { DEFAULT_MODEL_ID } from '../../models/builtin';

export type PresetId =
	| 'edgewise'
	| 'openai'
	| 'openrouter'
	| 'groq'
	| 'together'
	| 'huggingface'
	| 'vllm'
	| 'tgi'
	| 'ollama'
	| 'llamacpp'
	| 'lmstudio'
	| 'custom';

export interface EndpointPreset {
	id: PresetId;
	label: string;
	baseUrl: string;
	keyRequired: boolean;
	/** A model id to start from, where the server has an obvious one. */
	defaultModel?: string;
	/** How to let the app's origin call it from a browser, shown in Settings. */
	corsHint: (appOrigin: string) => string;
	/** What the server reports about its own timing in a streamed /v1 answer (read by server-timings.ts). */
	serverTimings: string;
}

// Server-side timings per preset, from each server's own documentation or source:
// - llama.cpp server: `timings` on the last chunk (ggml-org/llama.cpp tools/server, result_timings::to_json).
// - vLLM: `metrics` on the usage chunk, only when started with --enable-per-request-metrics
//   (vllm-project/vllm docs/features/per_request_metrics.md).
// - TGI: x-inference-time, x-time-per-token, x-generated-tokens headers, on its non-streamed /generate route
//   only (huggingface/text-generation-inference router/src/server.rs); a stream's headers precede its timings.
// - Ollama: /v1 answers carry `usage` only; eval_count and eval_duration are on its native /api/chat.
// - Hosted APIs (OpenAI, OpenRouter, Groq, Together, Hugging Face) and LM Studio document no per-request
//   server timings in the OpenAI-compatible stream.
const NO_TIMINGS = 'none documented in the OpenAI-compatible stream';

export const REFERENCE_BASE_URL = 'http://127.0.0.1:4174/v1';
export const REFERENCE_MODEL = DEFAULT_MODEL_ID;

export const PRESETS: readonly EndpointPreset[] = [
	{
		id: 'edgewise',
		label: 'Edgewise reference server',
		baseUrl: REFERENCE_BASE_URL,
		keyRequired: false,
		defaultModel: REFERENCE_MODEL,
		corsHint: (o) =>
			`Allows the app that \`npm start\` serves; for another, start it with \`npm run cloud -- --cors-origin ${o}\`.`,
		serverTimings: '`edgewise_timings` on the final chunks'
	},
	{
		id: 'openai',
		label: 'OpenAI',
		baseUrl: 'https://api.openai.com/v1',
		keyRequired: true,
		defaultModel: 'gpt-4o-mini',
		corsHint: () => 'Allows browser calls.',
		serverTimings: NO_TIMINGS
	},
	{
		id: 'openrouter',
		label: 'OpenRouter',
		baseUrl: 'https://openrouter.ai/api/v1',
		keyRequired: true,
		corsHint: () => 'Allows browser calls.',
		serverTimings: NO_TIMINGS
	},
	{
		id: 'groq',
		label: 'Groq',
		baseUrl: 'https://api.groq.com/openai/v1',
		keyRequired: true,
		corsHint: () => 'Allows browser calls.',
		serverTimings: NO_TIMINGS
	},
	{
		id: 'together',
		label: 'Together AI',
		baseUrl: 'https://api.together.xyz/v1',
		keyRequired: true,
		corsHint: () => 'Allows browser calls.',
		serverTimings: NO_TIMINGS
	},
	{
		id: 'huggingface',
		label: 'Hugging Face router',
		baseUrl: 'https://router.huggingface.co/v1',
		keyRequired: true,
		corsHint: () => 'Allows browser calls; use a token with "Inference Providers" permission.',
		serverTimings: NO_TIMINGS
	},
	{
		id: 'vllm',
		label: 'vLLM',
		baseUrl: 'http://localhost:8000/v1',
		keyRequired: false,
		corsHint: (o) => `Start with \`vllm serve MODEL --allowed-origins '["${o}"]'\`.`,
		serverTimings: '`metrics` on the usage chunk when started with `--enable-per-request-metrics`'
	},
	{
		id: 'tgi',
		label: 'Text Generation Inference',
		baseUrl: 'http://localhost:8080/v1',
		keyRequired: false,
		defaultModel: 'tgi',
		corsHint: (o) => `Start with \`text-generation-launcher --cors-allow-origin ${o}\` (port as mapped by Docker).`,
		serverTimings: 'timing headers on non-streamed /generate only; none in the stream'
	},
	{
		id: 'ollama',
		label: 'Ollama',
		baseUrl: 'http://localhost:11434/v1',
		keyRequired: false,
		corsHint: (o) => `Set \`OLLAMA_ORIGINS=${o}\` before \`ollama serve\`.`,
		serverTimings: '`usage` only (timings are on its native /api/chat)'
	},
	{
		id: 'llamacpp',
		label: 'llama.cpp server',
		baseUrl: 'http://localhost:8080/v1',
		keyRequired: false,
		corsHint: () => 'llama-server allows any origin by default.',
		serverTimings: '`timings` on the last chunk'
	},
	{
		id: 'lmstudio',
		label: 'LM Studio',
		baseUrl: 'http://localhost:1234/v1',
		keyRequired: false,
		corsHint: () => 'Turn on "Enable CORS" in the Developer tab (or `lms server start --cors`).',
		serverTimings: NO_TIMINGS
	},
	{
		id: 'custom',
		label: 'Other OpenAI-compatible',
		baseUrl: 'http://localhost:8000/v1',
		keyRequired: false,
		corsHint: () => "The server must allow this page's origin (CORS).",
		serverTimings: 'read when the server sends llama.cpp `timings`, vLLM `metrics` or `edgewise_timings`'
	}
];

export function presetById(id: PresetId): EndpointPreset {
	// PRESETS is a non-empty constant list; its last entry is the custom one.
	return PRESETS.find((p) => p.id === id) ?? PRESETS[PRESETS.length - 1]!;
}
