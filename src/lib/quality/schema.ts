// The quality suites' data shapes (zod): an item with its checkable answer and scorer, and the score an
// engine gets on a suite. bench/schema.ts puts these in the results format; a JSONL import (jsonl.ts) is
// read into the same item shape, so a person's own set and a built-in suite are scored by the same code.
import { z } from 'zod';

/** How an answer is checked (scorers.ts has each rule and what it forgives). */
export const ScorerSchema = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('exact'), answer: z.string() }),
	z.object({ kind: z.literal('contains'), answer: z.string().min(1) }),
	z.object({ kind: z.literal('regex'), pattern: z.string().min(1), flags: z.string().optional() }),
	z.object({
		kind: z.literal('choice'),
		answer: z.string().regex(/^[A-Z]$/, 'a choice answer is one capital letter'),
		options: z.number().int().min(2).max(26).describe('how many letters there are to choose from (A..)')
	}),
	z.object({ kind: z.literal('number'), answer: z.number().finite(), tolerance: z.number().min(0) }),
	z.object({ kind: z.literal('json-keys'), keys: z.array(z.string().min(1)).min(1) }),
	z.object({
		kind: z.literal('story'),
		minWords: z.number().int().min(1),
		expected: z.array(z.string()).describe('at least one of these words must appear (empty: none required)')
	})
]);
export type Scorer = z.infer<typeof ScorerSchema>;
export type ScorerKind = Scorer['kind'];

export const QualityItemSchema = z.object({
	/** Unique within its suite. */
	id: z.string().min(1),
	suite: z.string().min(1),
	/** Continued as is in completion mode (few-shot, ends where the answer starts). */
	completion: z.string(),
	/** Sent as the user's message in chat mode. */
	chat: z.string(),
	maxNewTokens: z.number().int().min(1).max(512),
	scorer: ScorerSchema
});
export type QualityItem = z.infer<typeof QualityItemSchema>;

export const PROMPT_MODES = ['completion', 'chat'] as const;
export type PromptMode = (typeof PROMPT_MODES)[number];

export const AgreementSchema = z
	.object({
		baselineEngineId: z.string(),
		items: z.number().int().describe('items both this engine and the baseline answered without error'),
		identical: z.number().int().describe('answers equal to the baseline token for token (text where ids are missing)'),
		sameVerdict: z.number().int().describe("answers the item's scorer judged the same as the baseline's"),
		basis: z.enum(['tokens', 'text', 'mixed']).describe('tokens: ids compared on every item; text: no ids on one side')
	})
	.describe("how this engine's greedy answers compare with the first slot's on the same items");

export const QualityScoreSchema = z.object({
	suite: z
		.string()
		.describe(
			'suite id; in a total, the ids it adds up joined by commas (the answer-key suites: agreement only when it ran alone)'
		),
	items: z.number().int().describe('items run'),
	correct: z.number().int(),
	accuracy: z.number().nullable().describe('correct / (items - errors); null when no item ran without error'),
	ci95: z
		.tuple([z.number(), z.number()])
		.nullable()
		.describe('95% Wilson score interval of accuracy; null with accuracy'),
	errors: z.number().int().describe('items whose run failed or was cancelled: counted apart, neither right nor wrong'),
	chance: z
		.number()
		.nullable()
		.describe('what guessing scores (multiple choice: 1 / options); null where none applies'),
	timeMs: z.number().describe('sum of the items\u2019 request-to-last-token times, ms'),
	inputTokens: z.number().nullable().describe('sum of prompt tokens; null when an engine did not report them'),
	outputTokens: z.number(),
	baseline: z.boolean().optional().describe('agreement suite: this engine is the baseline (agrees with itself)'),
	agreement: AgreementSchema.optional()
});
export type QualityScore = z.infer<typeof QualityScoreSchema>;

export const EngineQualitySchema = QualityScoreSchema.extend({
	suites: z.array(QualityScoreSchema).describe('one score per suite run; the fields above are their total')
}).describe('quality over the suites run (total), and per suite');
export type EngineQuality = z.infer<typeof EngineQualitySchema>;
