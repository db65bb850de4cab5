import { describe, expect, it } from 'vitest';
import { REFERENCE_BASE_URL } from '../engine/cloud/presets';
import { at } from '../bench/testing/must';
import { followReference } from './reference-endpoint';

const reference = { id: 'reference', presetId: 'edgewise', baseUrl: REFERENCE_BASE_URL };

describe('the built-in reference endpoint follows the server that serves the app', () => {
	it('moves from the default to the announced URL, and on to the next announcement', () => {
		const moved = at(followReference([reference], undefined, 'http://127.0.0.1:5274/v1'), 0);
		expect(moved.baseUrl).toBe('http://127.0.0.1:5274/v1');
		const again = at(followReference([moved], 'http://127.0.0.1:5274/v1', 'http://127.0.0.1:6000/v1'), 0);
		expect(again.baseUrl).toBe('http://127.0.0.1:6000/v1');
	});

	it("never moves an endpoint a person has edited, nor another preset's", () => {
		const edited = { ...reference, baseUrl: 'http://10.0.0.5:4174/v1' };
		const ollama = { id: 'o', presetId: 'ollama', baseUrl: REFERENCE_BASE_URL };
		expect(followReference([edited, ollama], 'http://127.0.0.1:5274/v1', 'http://127.0.0.1:6000/v1')).toEqual([
			edited,
			ollama
		]);
	});

	it('leaves the list as it is when nothing moves', () => {
		const list = [{ ...reference, baseUrl: 'http://127.0.0.1:5274/v1' }];
		expect(followReference(list, 'http://127.0.0.1:5274/v1', 'http://127.0.0.1:5274/v1')[0]).toBe(list[0]);
	});
});
