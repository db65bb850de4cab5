import { describe, expect, it } from 'vitest';
import { distinctLabels, distinctNames } from './engine-labels';
import { engineNames } from './verdict';

const local = (id: string, dtype: string, threads?: number) => ({
	id,
	info: { label: 'edgewise-tiny · wasm', placement: 'device' as const, model: { id: 'edgewise-tiny', dtype }, threads }
});

describe('distinctLabels', () => {
	it('keeps labels that are already distinct', () => {
		expect(distinctLabels([local('a', 'q8'), { id: 'b', info: { label: 'Cloud' } }])).toEqual({
			a: 'edgewise-tiny · wasm',
			b: 'Cloud'
		});
	});
	it('adds precision and threads to labels two engines share', () => {
		expect(
			distinctLabels([local('local', 'q8', 2), local('local-2', 'fp32', 1), { id: 'cloud', info: { label: 'Cloud' } }])
		).toEqual({
			local: 'edgewise-tiny · wasm · q8 · 2 threads',
			'local-2': 'edgewise-tiny · wasm · fp32 · 1 thread',
			cloud: 'Cloud'
		});
	});
	it('falls back to slot ids when the configurations are the same', () => {
		expect(distinctLabels([local('local', 'q8', 2), local('local-2', 'q8', 2)])).toEqual({
			local: 'edgewise-tiny · wasm [local]',
			'local-2': 'edgewise-tiny · wasm [local-2]'
		});
	});
	it('gives the verdict two local engines by their told-apart labels', () => {
		expect(engineNames([local('local', 'q8'), local('local-2', 'fp32')])).toEqual({
			local: 'edgewise-tiny · wasm · q8',
			'local-2': 'edgewise-tiny · wasm · fp32'
		});
	});
});

describe('distinctNames', () => {
	it('keeps each slot’s title, and adds the id only where two slots share one', () => {
		expect(
			distinctNames([
				{ id: 'local', title: 'edgewise-tiny (built in) · webgpu q4' },
				{ id: 'local-2', title: 'edgewise-tiny (built in) · wasm q8' },
				{ id: 'local-3', title: 'edgewise-tiny (built in) · wasm q8' }
			])
		).toEqual({
			local: 'edgewise-tiny (built in) · webgpu q4',
			'local-2': 'edgewise-tiny (built in) · wasm q8 [local-2]',
			'local-3': 'edgewise-tiny (built in) · wasm q8 [local-3]'
		});
	});
});
