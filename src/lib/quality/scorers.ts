// Scorers: one rule per kind that turns a model's raw output into right or wrong. Each reads only the
// output and the item's answer, so the same answer scores the same on every engine. An answer the rule
// cannot read (no number, no letter, JSON that does not parse) is wrong, with the reason kept; a run that
// failed never reaches a scorer (score.ts counts it as an error, apart).
//
// What each forgives, so a right answer in another dress is not marked wrong:
// - the answer is read from the first non-empty line (completion prompts stop at a newline; chat answers
//   often add an explanation below) — except `contains`, `regex` and `json-keys`, which read the whole output;
// - `exact`: whitespace collapsed, surrounding quotes and a trailing . , ! ? ; : dropped; case kept;
// - `choice`: "B", "B)", "(B)", "B.", "Answer: B", "The answer is B" — a letter followed by more words
//   ("A dog…") is not read as a choice, so prose is not taken for an answer;
// - `number`: the first number on the line, with thousands commas; |x - answer| <= tolerance;
// - `json-keys`: the first balanced {...} in the output must parse and hold every key.
import type { Scorer } from './schema';
import { COMMON_WORDS } from './story-words';

export interface Verdict {
	right: boolean;
	/** What the rule read from the output (null when it found nothing to read). */
	extracted: string | null;
	/** Why it is right or wrong, in a few words. */
	reason: string;
}

export class ScorerConfigError extends Error {
	override name = 'ScorerConfigError';
}

/** The first non-empty line, trimmed. */
export function firstLine(output: string): string {
	return (
		output
			.split(/\r?\n/)
			.map((l) => l.trim())
			.find((l) => l.length > 0) ?? ''
	);
}

function normalize(text: string): string {
	return text
		.replace(/\s+/g, ' ')
		.trim()
		.replace(/[.,!?;:]+$/, '')
		.replace(/^["'`\u201c\u2018]+|["'`\u201d\u2019]+$/g, '')
		.trim();
}

export function scoreExact(output: string, answer: string): Verdict {
	const got = normalize(firstLine(output));
	const right = got === normalize(answer);
	return { right, extracted: got || null, reason: right ? 'matches' : got ? 'differs' : 'empty answer' };
}

export function scoreContains(output: string, answer: string): Verdict {
	const right = output.toLowerCase().includes(answer.toLowerCase());
	return { right, extracted: right ? answer : null, reason: right ? 'contains the answer' : 'answer not found' };
}

/** A regex scorer's pattern, checked: an item whose pattern does not compile is refused at import. */
export function compileRegex(pattern: string, flags = ''): RegExp {
	try {
		return new RegExp(pattern, flags);
	} catch (err) {
		throw new ScorerConfigError(
			`The regex /${pattern}/${flags} does not compile: ${err instanceof Error ? err.message : err}`
		);
	}
}

export function scoreRegex(output: string, pattern: string, flags?: string): Verdict {
	const match = compileRegex(pattern, flags?.replace(/g/g, '')).exec(output.trim());
	return { right: match !== null, extracted: match?.[0] ?? null, reason: match ? 'pattern matches' : 'no match' };
}

const ANSWER_PREFIX = /^(?:the\s+)?(?:correct\s+)?(?:answer|option|choice)\s*(?:is|:)?\s*/i;

/** The letter an answer chose, or null when it chose none (prose, noise, an empty answer). */
export function readChoice(output: string): string | null {
	const line = firstLine(output).replace(ANSWER_PREFIX, '');
	const match = /^\(?([A-Z])(?:\)|[.:,]|\s*$)/.exec(line);
	return match?.[1] ?? null;
}

export function scoreChoice(output: string, answer: string, options: number): Verdict {
	const letter = readChoice(output);
	if (letter === null) return { right: false, extracted: null, reason: 'no choice letter' };
	const last = String.fromCharCode(64 + options);
	if (letter > last) return { right: false, extracted: letter, reason: `not one of A-${last}` };
	const right = letter === answer;
	return { right, extracted: letter, reason: right ? 'right letter' : 'wrong letter' };
}

/** The first number on the answer's first line ("1,250" reads 1250), or null. */
export function readNumber(output: string): number | null {
	const match = /-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?/.exec(firstLine(output));
	return match ? Number(match[0].replace(/,/g, '')) : null;
}

export function scoreNumber(output: string, answer: number, tolerance: number): Verdict {
	const value = readNumber(output);
	if (value === null) return { right: false, extracted: null, reason: 'no number' };
	const right = Math.abs(value - answer) <= tolerance;
	return { right, extracted: String(value), reason: right ? 'within tolerance' : 'outside tolerance' };
}

/** The first balanced {...} in the text (strings and escapes respected), or null. */
export function firstJsonObject(text: string): string | null {
	const start = text.indexOf('{');
	if (start < 0) return null;
	let depth = 0;
	let inString = false;
	for (let i = start; i < text.length; i++) {
		const c = text[i];
		if (inString) {
			if (c === '\\') i++;
			else if (c === '"') inString = false;
		} else if (c === '"') inString = true;
		else if (c === '{') depth++;
		else if (c === '}' && --depth === 0) return text.slice(start, i + 1);
	}
	return null;
}

export function scoreJsonKeys(output: string, keys: readonly string[]): Verdict {
	const slice = firstJsonObject(output);
	if (slice === null) return { right: false, extracted: null, reason: 'no JSON object' };
	let value: unknown;
	try {
		value = JSON.parse(slice);
	} catch {
		return { right: false, extracted: slice, reason: 'JSON does not parse' };
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value))
		return { right: false, extracted: slice, reason: 'not an object' };
	const missing = keys.filter((k) => !Object.hasOwn(value, k));
	return {
		right: missing.length === 0,
		extracted: slice,
		reason: missing.length ? `missing ${missing.join(', ')}` : 'has every key'
	};
}

/** Share of a story's words found in the common-word list, and of its most repeated word. */
export function storyFigures(output: string): { words: number; known: number; topShare: number } {
	const words = (output.match(/[A-Za-z]+(?:'[a-z]+)?/g) ?? []).map((w) => w.toLowerCase());
	if (words.length === 0) return { words: 0, known: 0, topShare: 0 };
	const counts = new Map<string, number>();
	for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
	const known = words.filter((w) => COMMON_WORDS.has(w)).length / words.length;
	return { words: words.length, known, topShare: Math.max(...counts.values()) / words.length };
}

/** Least share of known words, and most share of one word, a continuation may have. */
export const STORY_MIN_KNOWN = 0.8;
export const STORY_MAX_TOP_SHARE = 0.3;

/**
 * A story continuation is "fluent" here when it has at least minWords words, at least 80% of them are in a
 * list of common English words (story-words.ts), no single word makes up more than 30% of them (a loop), and
 * it uses one of the expected words when the item names any. This says the output is made of plain English
 * words; it cannot say the story makes sense.
 */
export function scoreStory(output: string, minWords: number, expected: readonly string[]): Verdict {
	const { words, known, topShare } = storyFigures(output);
	const summary = `${words} words, ${Math.round(known * 100)}% common`;
	if (words < minWords) return { right: false, extracted: summary, reason: `fewer than ${minWords} words` };
	if (known < STORY_MIN_KNOWN) return { right: false, extracted: summary, reason: 'too few common words' };
	if (topShare > STORY_MAX_TOP_SHARE) return { right: false, extracted: summary, reason: 'one word repeats' };
	const lower = output.toLowerCase();
	if (expected.length && !expected.some((w) => new RegExp(`\\b${w.toLowerCase()}\\b`).test(lower)))
		return { right: false, extracted: summary, reason: 'none of the expected words' };
	return { right: true, extracted: summary, reason: 'fluent' };
}

export function score(output: string, scorer: Scorer): Verdict {
	switch (scorer.kind) {
		case 'exact':
			return scoreExact(output, scorer.answer);
		case 'contains':
			return scoreContains(output, scorer.answer);
		case 'regex':
			return scoreRegex(output, scorer.pattern, scorer.flags);
		case 'choice':
			return scoreChoice(output, scorer.answer, scorer.options);
		case 'number':
			return scoreNumber(output, scorer.answer, scorer.tolerance);
		case 'json-keys':
			return scoreJsonKeys(output, scorer.keys);
		case 'story':
			return scoreStory(output, scorer.minWords, scorer.expected);
	}
}

/** What guessing scores on an item: 1 / options for a choice, none for the others. */
export function chanceOf(scorer: Scorer): number | null {
	return scorer.kind === 'choice' ? 1 / scorer.options : null;
}
