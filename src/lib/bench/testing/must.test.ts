import { describe, expect, it } from 'vitest';
import { at, must } from './must';

describe('at and must', () => {
	it('return what is there, falsy values included', () => {
		expect(at([0, 5], 0)).toBe(0);
		expect(at(Float32Array.of(1, 2), 1)).toBe(2);
		expect(must('', 'an empty string')).toBe('');
	});

	it('fail naming what was missing', () => {
		expect(() => at([1, 2], 2)).toThrow('expected an element at index 2, but there are 2');
		expect(() => at([1, 2], -1)).toThrow(/index -1/);
		expect(() => at([1, 2, 3], 1.5)).toThrow(/index 1.5/);
		expect(() => must(undefined, 'the cloud run')).toThrow('expected the cloud run, found undefined');
		expect(() => must(null, 'a record')).toThrow('expected a record, found null');
	});
});
