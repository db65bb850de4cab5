import { describe, expect, it } from 'vitest';
import { codeSegments } from './segments';

describe('codeSegments', () => {
	it('turns backtick-quoted parts into code and keeps the spaces around them', () => {
		expect(codeSegments('Start with `ollama serve` first.')).toEqual([
			{ text: 'Start with ', code: false },
			{ text: 'ollama serve', code: true },
			{ text: ' first.', code: false }
		]);
		expect(codeSegments('`a` and `b`')).toEqual([
			{ text: 'a', code: true },
			{ text: ' and ', code: false },
			{ text: 'b', code: true }
		]);
	});

	it('leaves text without backticks whole, and an unmatched backtick as it is', () => {
		expect(codeSegments('plain')).toEqual([{ text: 'plain', code: false }]);
		expect(codeSegments('a `b` c ` d')).toEqual([
			{ text: 'a ', code: false },
			{ text: 'b', code: true },
			{ text: ' c ` d', code: false }
		]);
	});
});
