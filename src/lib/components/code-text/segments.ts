// Messages written for people name commands between backticks, Markdown style ("start with `ollama
// serve`"). On screen the backticks are markup, not text: the quoted part is shown as code.
export interface TextSegment {
	text: string;
	code: boolean;
}

/** Splits at backticks; an unmatched last backtick stays as a literal character. */
export function codeSegments(message: string): TextSegment[] {
	const parts = message.split('`');
	if (parts.length % 2 === 0) parts.splice(-2, 2, `${parts.at(-2)}\`${parts.at(-1)}`);
	return parts.map((text, i) => ({ text, code: i % 2 === 1 })).filter((s) => s.text !== '');
}
