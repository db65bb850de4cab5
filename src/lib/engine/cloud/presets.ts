// The servers people point Edgewise at, with their real default base URLs. A preset only fills the form;
// every field stays editable. `keyRequired` drives the settings form, `browserCors` whether a web page
// can call it directly (hosted APIs mostly allow any origin; self-hosted servers need configuring).

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
	/** How to let the app's origin call it from a browser, shown beside CORS errors and in Settings. */
	corsHint: string;
}

export const REFERENCE_BASE_URL = 'http://127.0.0.1:4174/v1';
export const REFERENCE_MODEL = 'edgewise-tiny';

export const PRESETS: readonly EndpointPreset[] = [
	{
		id: 'edgewise',
		label: 'Edgewise reference server',
		baseUrl: REFERENCE_BASE_URL,
		keyRequired: false,
		defaultModel: REFERENCE_MODEL,
		corsHint: 'Allows the app and localhost by default; add origins with `npm run cloud -- --cors-origin URL`.'
	},
	{
		id: 'openai',
		label: 'OpenAI',
		baseUrl: 'https://api.openai.com/v1',
		keyRequired: true,
		defaultModel: 'gpt-4o-mini',
		corsHint: 'Allows browser calls.'
	},
	{
		id: 'openrouter',
		label: 'OpenRouter',
		baseUrl: 'https://openrouter.ai/api/v1',
		keyRequired: true,
		corsHint: 'Allows browser calls.'
	},
	{
		id: 'groq',
		label: 'Groq',
		baseUrl: 'https://api.groq.com/openai/v1',
		keyRequired: true,
		corsHint: 'Allows browser calls.'
	},
	{
		id: 'together',
		label: 'Together AI',
		baseUrl: 'https://api.together.xyz/v1',
		keyRequired: true,
		corsHint: 'Allows browser calls.'
	},
	{
		id: 'huggingface',
		label: 'Hugging Face router',
		baseUrl: 'https://router.huggingface.co/v1',
		keyRequired: true,
		corsHint: 'Allows browser calls; use a token with "Inference Providers" permission.'
	},
	{
		id: 'vllm',
		label: 'vLLM',
		baseUrl: 'http://localhost:8000/v1',
		keyRequired: false,
		corsHint: `Start with \`vllm serve MODEL --allowed-origins '["http://127.0.0.1:4173"]'\`.`
	},
	{
		id: 'tgi',
		label: 'Text Generation Inference',
		baseUrl: 'http://localhost:8080/v1',
		keyRequired: false,
		defaultModel: 'tgi',
		corsHint:
			'Start with `text-generation-launcher --cors-allow-origin http://127.0.0.1:4173` (port as mapped by Docker).'
	},
	{
		id: 'ollama',
		label: 'Ollama',
		baseUrl: 'http://localhost:11434/v1',
		keyRequired: false,
		corsHint: 'Set `OLLAMA_ORIGINS=http://127.0.0.1:4173` before `ollama serve`.'
	},
	{
		id: 'llamacpp',
		label: 'llama.cpp server',
		baseUrl: 'http://localhost:8080/v1',
		keyRequired: false,
		corsHint: 'llama-server allows any origin by default.'
	},
	{
		id: 'lmstudio',
		label: 'LM Studio',
		baseUrl: 'http://localhost:1234/v1',
		keyRequired: false,
		corsHint: 'Turn on "Enable CORS" in the Developer tab (or `lms server start --cors`).'
	},
	{
		id: 'custom',
		label: 'Other OpenAI-compatible',
		baseUrl: 'http://localhost:8000/v1',
		keyRequired: false,
		corsHint: "The server must allow this page's origin (CORS)."
	}
];

export function presetById(id: PresetId): EndpointPreset {
	return PRESETS.find((p) => p.id === id) ?? PRESETS[PRESETS.length - 1];
}
