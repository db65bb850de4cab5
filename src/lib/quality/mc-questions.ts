// General-knowledge questions written for Edgewise, four options each. The right option's letter is
// arranged so every letter is right equally often (6 of 24): an engine that always answers one letter,
// or picks letters at random, scores chance (25%), never more.
export interface ChoiceQuestion {
	question: string;
	options: [string, string, string, string];
	/** Index of the right option, 0-3. */
	answer: 0 | 1 | 2 | 3;
}

export const CHOICE_QUESTIONS: readonly ChoiceQuestion[] = [
	{ question: 'Which planet is closest to the Sun?', options: ['Mercury', 'Venus', 'Earth', 'Mars'], answer: 0 },
	{ question: 'How many days are there in a leap year?', options: ['364', '366', '365', '360'], answer: 1 },
	{ question: 'What do bees make?', options: ['Milk', 'Silk', 'Honey', 'Wool'], answer: 2 },
	{ question: 'Which is the largest ocean on Earth?', options: ['Atlantic', 'Indian', 'Arctic', 'Pacific'], answer: 3 },
	{ question: 'What is frozen water called?', options: ['Ice', 'Steam', 'Sand', 'Glass'], answer: 0 },
	{ question: 'How many legs does a spider have?', options: ['Six', 'Eight', 'Ten', 'Four'], answer: 1 },
	{
		question: 'Which gas do plants take in from the air?',
		options: ['Oxygen', 'Helium', 'Carbon dioxide', 'Neon'],
		answer: 2
	},
	{ question: 'What is the capital of France?', options: ['Berlin', 'Madrid', 'Rome', 'Paris'], answer: 3 },
	{ question: 'Which animal is known as the king of the jungle?', options: ['Lion', 'Mouse', 'Cow', 'Owl'], answer: 0 },
	{ question: 'How many minutes are in an hour?', options: ['100', '60', '30', '24'], answer: 1 },
	{
		question: 'What colour do you get by mixing blue and yellow?',
		options: ['Red', 'Purple', 'Green', 'Orange'],
		answer: 2
	},
	{ question: 'Which instrument has black and white keys?', options: ['Drum', 'Flute', 'Violin', 'Piano'], answer: 3 },
	{
		question: 'At what temperature does water boil at sea level, in Celsius?',
		options: ['100', '50', '0', '212'],
		answer: 0
	},
	{ question: 'Which is the longest river in Africa?', options: ['Congo', 'Nile', 'Niger', 'Zambezi'], answer: 1 },
	{ question: 'What is the chemical symbol for gold?', options: ['Go', 'Gd', 'Au', 'Ag'], answer: 2 },
	{ question: 'Who wrote "Romeo and Juliet"?', options: ['Dickens', 'Austen', 'Tolstoy', 'Shakespeare'], answer: 3 },
	{ question: 'How many continents are there?', options: ['Seven', 'Five', 'Nine', 'Three'], answer: 0 },
	{ question: 'Which organ pumps blood around the body?', options: ['Lung', 'Heart', 'Liver', 'Brain'], answer: 1 },
	{ question: 'What is the smallest prime number?', options: ['0', '1', '2', '3'], answer: 2 },
	{
		question: 'Which country has the largest population of kangaroos?',
		options: ['Canada', 'Brazil', 'India', 'Australia'],
		answer: 3
	},
	{ question: 'What is the square root of 81?', options: ['9', '8', '7', '6'], answer: 0 },
	{ question: 'Which season comes after winter?', options: ['Autumn', 'Spring', 'Summer', 'Winter'], answer: 1 },
	{
		question: 'What is the main language spoken in Brazil?',
		options: ['Spanish', 'French', 'Portuguese', 'English'],
		answer: 2
	},
	{ question: 'How many sides does a hexagon have?', options: ['Five', 'Eight', 'Seven', 'Six'], answer: 3 }
];
