// The built-in quality suites, written or generated here (no dataset download), so every run on every
// machine asks the same questions. Each item has a completion form (few-shot text that ends where the answer
// starts, for models with no chat template, such as story models) and a chat form (one user message).
import { CHOICE_QUESTIONS } from './mc-questions';
import type { QualityItem } from './schema';

export interface QualitySuite {
	id: string;
	label: string;
	/** What the score says, and what it cannot. */
	about: string;
	items: QualityItem[];
	/** Scored against the first slot's answers, not against answer keys (see score.ts). */
	agreement?: true;
}

/** mulberry32: a small seeded generator, so the arithmetic items are the same everywhere. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export const ARITHMETIC_SEED = 23;

export function arithmeticItems(count = 20, seed = ARITHMETIC_SEED): QualityItem[] {
	const random = seededRandom(seed);
	const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
	const shots = 'Q: What is 3 + 4?\nA: 7\nQ: What is 12 - 5?\nA: 7\nQ: What is 6 + 9?\nA: 15\n';
	return Array.from({ length: count }, (_, i) => {
		const plus = random() < 0.5;
		const a = int(2, 49);
		const b = plus ? int(2, 49) : int(1, a);
		const question = `What is ${a} ${plus ? '+' : '-'} ${b}?`;
		return {
			id: `arithmetic-${i + 1}`,
			suite: 'arithmetic',
			completion: `${shots}Q: ${question}\nA:`,
			chat: `${question} Reply with the number only.`,
			maxNewTokens: 6,
			scorer: { kind: 'number', answer: plus ? a + b : a - b, tolerance: 0 }
		};
	});
}

const SENTENCES = [
	'the small brown dog ran across the wet field',
	'every morning my sister drinks a cup of tea',
	'seven blue boats sailed slowly into the quiet harbour',
	'the old teacher wrote a long letter to her friend',
	'two children built a castle out of sand and shells',
	'a cold wind blew through the empty market square',
	'the baker opened his shop before the sun came up',
	'our neighbour plants tomatoes beside the garden wall',
	'the red train stopped at the last station of the line',
	'a little bird sang on the branch outside my window'
];
const ORDINALS = ['1st', '2nd', '3rd', '4th', '5th', '6th', '7th', '8th'];

const NUMBER_SENTENCES: [string, number][] = [
	['The bus carried 14 people to the town.', 14],
	['She paid 35 dollars for the old bicycle.', 35],
	['The library holds 2,400 books on its shelves.', 2400],
	['It took 9 hours to drive across the country.', 9],
	['The recipe needs 250 grams of flour.', 250],
	['There were 61 runners at the start of the race.', 61],
	['The bridge is 830 metres long.', 830],
	['He planted 17 trees along the road.', 17],
	['The school has 412 pupils this year.', 412],
	['Our flight was delayed by 45 minutes.', 45]
];

export function extractionItems(): QualityItem[] {
	const wordShots =
		'Sentence: the cat sat on the mat\nThe 2nd word: cat\n\nSentence: we saw a big ship today\nThe 4th word: big\n\n';
	const words = SENTENCES.map((sentence, i) => {
		const list = sentence.split(' ');
		// Spread the positions over the sentence, the same for everyone.
		const n = (i * 3) % Math.min(list.length, ORDINALS.length);
		const ordinal = ORDINALS[n]!;
		return {
			id: `word-${i + 1}`,
			suite: 'extraction',
			completion: `${wordShots}Sentence: ${sentence}\nThe ${ordinal} word:`,
			chat: `What is the ${ordinal} word of this sentence: "${sentence}"? Reply with that word only.`,
			maxNewTokens: 6,
			scorer: { kind: 'exact', answer: list[n]! }
		} satisfies QualityItem;
	});
	const numberShots =
		'Sentence: The farm has 12 cows.\nThe number: 12\n\nSentence: We walked 3 miles home.\nThe number: 3\n\n';
	const numbers = NUMBER_SENTENCES.map(
		([sentence, value], i) =>
			({
				id: `number-${i + 1}`,
				suite: 'extraction',
				completion: `${numberShots}Sentence: ${sentence}\nThe number:`,
				chat: `Which number is in this sentence: "${sentence}"? Reply with the number only.`,
				maxNewTokens: 6,
				scorer: { kind: 'number', answer: value, tolerance: 0 }
			}) satisfies QualityItem
	);
	return [...words, ...numbers];
}

const LETTERS = ['A', 'B', 'C', 'D'] as const;

export function choiceItems(): QualityItem[] {
	const block = (q: (typeof CHOICE_QUESTIONS)[number]) =>
		`Question: ${q.question}\n${q.options.map((o, i) => `${LETTERS[i]}) ${o}`).join('\n')}`;
	const shot = `${block({ question: 'What colour is the sky on a clear day?', options: ['Green', 'Blue', 'Red', 'Black'], answer: 1 })}\nAnswer: B\n\n`;
	return CHOICE_QUESTIONS.map((q, i) => ({
		id: `choice-${i + 1}`,
		suite: 'multiple-choice',
		completion: `${shot}${block(q)}\nAnswer:`,
		chat: `${block(q)}\nReply with the letter of the right option only.`,
		maxNewTokens: 4,
		scorer: { kind: 'choice', answer: LETTERS[q.answer], options: 4 }
	}));
}

const JSON_TASKS: [string, string[]][] = [
	['a person called Ann who is 30', ['name', 'age']],
	['a city called Lima in Peru', ['city', 'country']],
	['a book titled Dune by Frank Herbert', ['title', 'author']],
	['a red car made in 2019', ['colour', 'year']],
	['a dog named Rex who is 4 years old', ['name', 'age']],
	['the temperature 21 in Celsius', ['value', 'unit']],
	['a product called lamp that costs 15', ['product', 'price']],
	['a song called Yellow by Coldplay', ['title', 'artist']]
];

export function jsonItems(): QualityItem[] {
	const shot =
		'Task: a JSON object with the keys "city" and "country" for Oslo in Norway\nJSON: {"city": "Oslo", "country": "Norway"}\n\n';
	return JSON_TASKS.map(([what, keys], i) => {
		const keyText = keys.map((k) => `"${k}"`).join(' and ');
		return {
			id: `json-${i + 1}`,
			suite: 'json',
			completion: `${shot}Task: a JSON object with the keys ${keyText} for ${what}\nJSON:`,
			chat: `Write a JSON object with the keys ${keyText} for ${what}. Reply with the JSON only, on one line.`,
			maxNewTokens: 32,
			scorer: { kind: 'json-keys', keys }
		};
	});
}

const STORY_OPENINGS: [string, string[]][] = [
	['Once upon a time, there was a little girl named Lily. She', ['lily', 'she', 'her']],
	['Tom had a red ball. One day, he', ['tom', 'ball', 'he']],
	['The sun was warm and the birds were singing. Sara went to the park and', ['sara', 'park', 'she']],
	['Max the dog was very hungry. He looked in the kitchen and', ['max', 'he', 'food']],
	['One morning, Ben found a small box under his bed. He', ['ben', 'box', 'he']],
	['Mia and her mom went to the sea. They', ['mia', 'they', 'sea']],
	['There was a big tree in the garden. Every day, a little bird', ['bird', 'tree']],
	['Lucy wanted to bake a cake for her friend. She', ['lucy', 'cake', 'she']]
];

export function storyItems(): QualityItem[] {
	return STORY_OPENINGS.map(([opening, expected], i) => ({
		id: `story-${i + 1}`,
		suite: 'story',
		completion: opening,
		chat: `Continue this children's story with two simple sentences: "${opening}"`,
		maxNewTokens: 32,
		scorer: { kind: 'story', minWords: 8, expected }
	}));
}

/** Items from every other suite, answered longer: agreement compares whole answers, so longer ones test more. */
export function agreementItems(): QualityItem[] {
	const pick = (items: QualityItem[], n: number) => items.slice(0, n);
	return [
		...pick(arithmeticItems(), 4),
		...pick(extractionItems(), 2),
		...pick(extractionItems().slice(10), 2),
		...pick(choiceItems(), 4),
		...pick(storyItems(), 4)
	].map((item) => ({ ...item, id: `${item.suite}/${item.id}`, suite: 'agreement' }));
}

export const QUALITY_SUITES: readonly QualitySuite[] = [
	{
		id: 'arithmetic',
		label: 'Arithmetic (20 sums and differences, seeded)',
		about: 'two-digit addition and subtraction; the first number on the answer line must be the result',
		items: arithmeticItems()
	},
	{
		id: 'extraction',
		label: 'Copy and extraction (Nth word, a number from a sentence)',
		about: 'copying a word or a number out of the prompt, read exactly',
		items: extractionItems()
	},
	{
		id: 'multiple-choice',
		label: 'Multiple choice (24 general-knowledge questions, chance 25%)',
		about: 'one letter of four; every letter is right equally often, so guessing scores 25%',
		items: choiceItems()
	},
	{
		id: 'json',
		label: 'JSON (an object with the given keys)',
		about: 'the first {...} of the answer must parse and hold every key asked for',
		items: jsonItems()
	},
	{
		id: 'story',
		label: 'Story continuation (for story models)',
		about:
			'the continuation uses common English words (80% or more), at least 8, no word looping, and names someone or something from the opening; it measures plain fluent vocabulary, not whether the story makes sense',
		items: storyItems()
	},
	{
		id: 'agreement',
		label: 'Agreement with the first slot (16 items, token for token)',
		about:
			"how often an engine's greedy answer equals the first slot's, token for token (text where an engine gives no ids), and how often the item's scorer judges both alike",
		items: agreementItems(),
		agreement: true
	}
];

export class UnknownQualitySuiteError extends Error {
	override name = 'UnknownQualitySuiteError';
	constructor(id: string, known: readonly string[]) {
		super(`There is no quality suite "${id}"; choose one of: ${known.join(', ')} (or import your own set as JSONL).`);
	}
}

export function builtinQualitySuite(id: string): QualitySuite | undefined {
	return QUALITY_SUITES.find((s) => s.id === id);
}
