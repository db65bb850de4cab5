// JSON schemas for the request bodies, checked by Fastify before a handler runs. Unknown fields are
// allowed (clients send `user`, penalties, ...) but everything the server reads is typed and bounded.

const MAX_TEXT_CHARS = 200_000;

const contentSchema = {
	anyOf: [
		{ type: 'string', maxLength: MAX_TEXT_CHARS },
		{
			type: 'array',
			maxItems: 64,
			items: {
				type: 'object',
				required: ['type', 'text'],
				properties: { type: { const: 'text' }, text: { type: 'string', maxLength: MAX_TEXT_CHARS } }
			}
		}
	]
} as const;

const sampling = {
	model: { type: 'string', minLength: 1, maxLength: 256 },
	max_tokens: { type: ['integer', 'null'], minimum: 1 },
	max_completion_tokens: { type: ['integer', 'null'], minimum: 1 },
	min_tokens: { type: ['integer', 'null'], minimum: 0 },
	ignore_eos: { type: ['boolean', 'null'] },
	temperature: { type: ['number', 'null'], minimum: 0, maximum: 2 },
	top_p: { type: ['number', 'null'], exclusiveMinimum: 0, maximum: 1 },
	seed: { type: ['integer', 'null'] },
	n: { type: ['integer', 'null'], minimum: 1, maximum: 1 },
	stop: {
		anyOf: [
			{ type: 'null' },
			{ type: 'string', minLength: 1, maxLength: 256 },
			{ type: 'array', maxItems: 4, items: { type: 'string', minLength: 1, maxLength: 256 } }
		]
	},
	stream: { type: ['boolean', 'null'] },
	stream_options: { type: ['object', 'null'], properties: { include_usage: { type: 'boolean' } } }
} as const;

export const chatBodySchema = {
	type: 'object',
	required: ['model', 'messages'],
	properties: {
		...sampling,
		messages: {
			type: 'array',
			minItems: 1,
			maxItems: 512,
			items: {
				type: 'object',
				required: ['role', 'content'],
				properties: {
					role: { enum: ['system', 'developer', 'user', 'assistant'] },
					content: contentSchema,
					name: { type: 'string', maxLength: 64 }
				}
			}
		}
	}
} as const;

export const completionBodySchema = {
	type: 'object',
	required: ['model', 'prompt'],
	properties: {
		...sampling,
		prompt: {
			anyOf: [
				{ type: 'string', maxLength: MAX_TEXT_CHARS },
				{ type: 'array', minItems: 1, maxItems: 1, items: { type: 'string', maxLength: MAX_TEXT_CHARS } }
			]
		}
	}
} as const;

type Content = string | { type: 'text'; text: string }[];

export interface SamplingBody {
	model: string;
	max_tokens?: number | null;
	max_completion_tokens?: number | null;
	min_tokens?: number | null;
	ignore_eos?: boolean | null;
	temperature?: number | null;
	top_p?: number | null;
	seed?: number | null;
	stop?: string | string[] | null;
	stream?: boolean | null;
	stream_options?: { include_usage?: boolean } | null;
}

export interface ChatBody extends SamplingBody {
	messages: { role: 'system' | 'developer' | 'user' | 'assistant'; content: Content }[];
}

export interface CompletionBody extends SamplingBody {
	prompt: string | [string];
}

export function contentText(content: Content): string {
	return typeof content === 'string' ? content : content.map((part) => part.text).join('');
}
