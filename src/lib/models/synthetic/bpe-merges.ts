// Deterministic BPE merges for the synthetic tokenizer. First a real BPE training run on a small
// embedded corpus (most frequent adjacent pair first, ties broken by string order), so common words
// become few tokens. Once every corpus word is a single token, the rest of the vocabulary is filled
// with concatenations of existing tokens, enumerated diagonally (pairs of early tokens first) so the
// fill is valid BPE (every new token is two existing ones joined) and fast even for 128K entries.
import { toByteLevel } from './byte-level';

/** GPT-2's pre-tokenization: merges never cross these word boundaries. */
const WORD_PATTERN = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

const PAIR_SEPARATOR = '\u0000'; // never inside a byte-level token

export interface BpeMerges {
	/** Merge rules in rank order. Two rules may build the same string ("ab"+"c", "a"+"bc"). */
	merges: [string, string][];
	/** The tokens the merges create, each once, in order of first creation. */
	newTokens: string[];
}

class MergeBuilder implements BpeMerges {
	merges: [string, string][] = [];
	newTokens: string[] = [];
	private readonly tokens: Set<string>;

	constructor(
		baseTokens: readonly string[],
		/** Special tokens' texts: no regular token may spell one, or the vocabulary would hold it twice. */
		private readonly reserved: Set<string>
	) {
		this.tokens = new Set(baseTokens);
	}

	canMerge(a: string, b: string): boolean {
		return !this.reserved.has(a + b);
	}

	isToken(text: string): boolean {
		return this.tokens.has(text);
	}

	add(a: string, b: string): void {
		this.merges.push([a, b]);
		if (this.tokens.has(a + b)) return;
		this.tokens.add(a + b);
		this.newTokens.push(a + b);
	}
}

/** Merges that create exactly `tokenCount` new tokens over the 256 byte tokens `baseTokens`. */
export function buildMerges(
	corpus: string,
	baseTokens: readonly string[],
	reserved: Iterable<string>,
	tokenCount: number
): BpeMerges {
	const builder = new MergeBuilder(baseTokens, new Set(reserved));
	trainOnCorpus(corpus, builder, tokenCount);
	fillByConcatenation([...baseTokens, ...builder.newTokens], builder, tokenCount);
	return { merges: builder.merges, newTokens: builder.newTokens };
}

function trainOnCorpus(corpus: string, builder: MergeBuilder, tokenCount: number): void {
	const wordCounts = new Map<string, number>();
	for (const word of corpus.match(WORD_PATTERN) ?? []) {
		const bytes = toByteLevel(word);
		wordCounts.set(bytes, (wordCounts.get(bytes) ?? 0) + 1);
	}
	const words = [...wordCounts].map(([word, n]) => ({ symbols: Array.from(word), n }));
	while (builder.newTokens.length < tokenCount) {
		const pairCounts = new Map<string, number>();
		for (const { symbols, n } of words)
			for (let i = 0; i + 1 < symbols.length; i++) {
				const [left, right] = [symbols[i]!, symbols[i + 1]!]; // i + 1 < length
				if (!builder.canMerge(left, right)) continue;
				const key = left + PAIR_SEPARATOR + right;
				pairCounts.set(key, (pairCounts.get(key) ?? 0) + n);
			}
		let best: string | null = null;
		let bestCount = 0;
		for (const [key, n] of pairCounts)
			if (n > bestCount || (n === bestCount && best !== null && key < best)) [best, bestCount] = [key, n];
		if (best === null) return;
		const [a, b] = best.split(PAIR_SEPARATOR) as [string, string]; // every key is built as left + separator + right
		for (const word of words) word.symbols = mergePair(word.symbols, a, b);
		builder.add(a, b);
	}
}

function mergePair(symbols: string[], a: string, b: string): string[] {
	const out: string[] = [];
	for (let i = 0; i < symbols.length; i++) {
		const symbol = symbols[i]!; // i < length
		if (symbol === a && symbols[i + 1] === b) {
			out.push(a + b);
			i++;
		} else out.push(symbol);
	}
	return out;
}

function fillByConcatenation(tokens: string[], builder: MergeBuilder, tokenCount: number): void {
	// Walk the anti-diagonals i + j = s of the (growing) token list; each accepted pair adds a token,
	// so the walk always finds enough.
	for (let s = 0; builder.newTokens.length < tokenCount; s++)
		for (let i = 0; i <= s && builder.newTokens.length < tokenCount; i++) {
			const left = tokens[i];
			const right = tokens[s - i];
			if (left === undefined || right === undefined) continue;
			const joined = left + right;
			if (builder.isToken(joined) || !builder.canMerge(left, right)) continue;
			builder.add(left, right);
			tokens.push(joined);
		}
}
