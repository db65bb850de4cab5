import { describe, expect, it } from 'vitest';
import { modelSource, parseBenchArgs } from './bench';

describe('bench CLI arguments', () => {
	it('has defaults for a first run: default model, wasm, quick suite, 5 repetitions, reference server', () => {
		expect(parseBenchArgs([])).toMatchObject({
			model: 'edgewise-tiny',
			dtype: 'q8',
			backend: 'wasm',
			threads: null,
			endpoint: null,
			reps: 5,
			suite: 'quick',
			noCloud: false,
			priceIn: 0,
			priceOut: 0
		});
	});

	it('reads every option', () => {
		const args = parseBenchArgs([
			'--model',
			'smollm2-135m',
			'--dtype',
			'q4',
			'--backend',
			'webgpu',
			'--threads',
			'2',
			'--endpoint',
			'http://h:1/v1',
			'--reps',
			'3',
			'--price-in',
			'0.15',
			'--price-out',
			'0.6'
		]);
		expect(args).toMatchObject({
			model: 'smollm2-135m',
			dtype: 'q4',
			backend: 'webgpu',
			threads: 2,
			endpoint: 'http://h:1/v1',
			reps: 3,
			priceIn: 0.15,
			priceOut: 0.6
		});
	});

	it('rejects what it cannot run, naming the option', () => {
		expect(() => parseBenchArgs(['--reps', '0'])).toThrow(/--reps/);
		expect(() => parseBenchArgs(['--threads', 'two'])).toThrow(/--threads/);
		expect(() => parseBenchArgs(['--suite', 'nope'])).toThrow(/quick/);
		expect(() => parseBenchArgs(['--price-in', '-1'])).toThrow(/--price-in/);
	});

	it('maps --model to the app model source', () => {
		expect(modelSource('edgewise-tiny')).toEqual({ kind: 'default' });
		expect(modelSource('smollm2-135m')).toEqual({ kind: 'twin', shape: 'smollm2-135m' });
		expect(modelSource('twin/smollm2-135m-s1')).toEqual({ kind: 'twin', shape: 'smollm2-135m' });
		expect(modelSource('HuggingFaceTB/SmolLM2-135M-Instruct')).toEqual({
			kind: 'hub',
			id: 'HuggingFaceTB/SmolLM2-135M-Instruct'
		});
	});
});
