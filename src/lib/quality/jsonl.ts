// A person's own quality set, as JSONL: one JSON object per line, `{ "prompt", "answer", "scorer" }`, with
// scorers exact, contains, regex, choice, number and json-keys (scorers.ts says what each accepts). Every
// line is checked (zod) before anything is kept, and every bad line is named by its number, so a file is
// fixed in one pass. Blank lines are skipped.
import { z } from 'zod';
import { compileRegex, ScorerConfigError } from './scorers';
import type { QualityItem, Scorer } from './schema';

export const CUSTOM_PREFIX = 'custom:';
/** Items a set may hold: a run answers each once per engine. */
export const MAX_CUSTOM_ITEMS = 2000;
const DEFAULT_MAX_NEW_TOKENS = 32;

const common = {
	prompt: z.string().min(1, 'prompt is empty'),
	id: z.string().min(1).optional(),
	/** The chat-mode message, when it should differ from the prompt. */
	chat: z.string().min(1).optional(),
	maxNewTokens: z.number().int().min(1).max(512).optional()
};

const numeric = z.union([
	z.number(),
	z
		.string()
		.trim()
		.regex(/^-?\d+(\.\d+)?$/, 'not a number')
		.transform(Number)
]);

export const JsonlLineSchema = z.discriminatedUnion('scorer', [
	z.object({ ...common, scorer: z.literal('exact'), answer: z.string() }),
	z.object({ ...common, scorer: z.literal('contains'), answer: z.string().min(1, 'answer is empty') }),
	z.object({ ...common, scorer: z.literal('regex'), answer: z.string().min(1), flags: z.string().optional() }),
	z.object({
		...common,
		scorer: z.literal('choice'),
		answer: z
			.string()
			.trim()
			.regex(/^[A-Za-z]$/, 'a choice answer is one letter')
			.transform((s) => s.toUpperCase()),
		options: z.number().int().min(2).max(26).default(4)
	}),
	z.object({ ...common, scorer: z.literal('number'), answer: numeric, tolerance: z.number().min(0).default(0) }),
	z.object({
		...common,
		scorer: z.literal('json-keys'),
		answer: z.union([
			z.array(z.string().min(1)).min(1),
			z
				.string()
				.min(1)
				.transform((s) => s.split(',').map((k) => k.trim()))
		])
	})
]);
export type JsonlLine = z.infer<typeof JsonlLineSchema>;

export interface CustomSet {
	/** `custom:<slug>`, what a suite list and a record name it by. */
	id: string;
	name: string;
	importedAt: string;
	items: QualityItem[];
}

export class JsonlImportError extends Error {
	override name = 'JsonlImportError';
	constructor(readonly problems: string[]) {
		const shown = problems.slice(0, 8);
		super(
			`This file is not a quality set: ${shown.join('; ')}${problems.length > shown.length ? `; and ${problems.length - shown.length} more` : ''}. Each line is {"prompt": "...", "answer": ..., "scorer": "exact|contains|regex|choice|number|json-keys"}.`
		);
	}
}

function scorerOf(line: JsonlLine): Scorer {
	switch (line.scorer) {
		case 'exact':
		case 'contains':
			return { kind: line.scorer, answer: line.answer };
		case 'regex':
			compileRegex(line.answer, line.flags);
			return { kind: 'regex', pattern: line.answer, flags: line.flags };
		case 'choice': {
			const last = String.fromCharCode(64 + line.options);
			if (line.answer > last) throw new ScorerConfigError(`answer ${line.answer} is not one of A-${last}`);
			return { kind: 'choice', answer: line.answer, options: line.options };
		}
		case 'number':
			return { kind: 'number', answer: line.answer, tolerance: line.tolerance };
		case 'json-keys':
			return { kind: 'json-keys', keys: line.answer };
	}
}

export function slugOf(name: string): string {
	return (
		name
			.toLowerCase()
			.replace(/\.jsonl?$/, '')
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, 40) || 'set'
	);
}

/** Reads a JSONL quality set; throws JsonlImportError naming every bad line. */
export function parseJsonl(text: string, name: string, importedAt = new Date().toISOString()): CustomSet {
	const id = `${CUSTOM_PREFIX}${slugOf(name)}`;
	const problems: string[] = [];
	const items: QualityItem[] = [];
	const seen = new Set<string>();
	text.split(/\r?\n/).forEach((raw, index) => {
		const lineNo = index + 1;
		if (!raw.trim()) return;
		let data: unknown;
		try {
			data = JSON.parse(raw);
		} catch {
			problems.push(`line ${lineNo}: not JSON`);
			return;
		}
		const parsed = JsonlLineSchema.safeParse(data);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			const where = issue?.path.join('.');
			problems.push(`line ${lineNo}: ${where ? `${where}: ` : ''}${issue?.message ?? 'unreadable'}`);
			return;
		}
		let scorer: Scorer;
		try {
			scorer = scorerOf(parsed.data);
		} catch (err) {
			problems.push(`line ${lineNo}: ${err instanceof Error ? err.message : err}`);
			return;
		}
		const itemId = parsed.data.id ?? `line-${lineNo}`;
		if (seen.has(itemId)) {
			problems.push(`line ${lineNo}: id "${itemId}" is used twice`);
			return;
		}
		seen.add(itemId);
		items.push({
			id: itemId,
			suite: id,
			completion: parsed.data.prompt,
			chat: parsed.data.chat ?? parsed.data.prompt,
			maxNewTokens: parsed.data.maxNewTokens ?? DEFAULT_MAX_NEW_TOKENS,
			scorer
		});
	});
	if (!problems.length && items.length === 0) problems.push('it has no items');
	if (items.length > MAX_CUSTOM_ITEMS) problems.push(`it has ${items.length} items; at most ${MAX_CUSTOM_ITEMS}`);
	if (problems.length) throw new JsonlImportError(problems);
	return { id, name: name.replace(/\.jsonl?$/, ''), importedAt, items };
}
