import { describe, expect, it } from 'vitest';
import { modelSource, parseBenchArgs } from './bench';

describe('bench CLI arguments', () => {
	it('has defaults for a first run: default model on wasm q8, then the reference server; quick suite, 5 repetitions', () => {
		const args = parseBenchArgs([]);
		expect(args).toMatchObject({ reps: 5, suite: 'quick' });
		expect(args.engines).toEqual([
			{
				kind: 'local',
				id: 'local',
				model: 'edgewise-tiny',
				source: { kind: 'default', id: 'edgewise-tiny' },
				runtime: 'onnxruntime-web',
				backend: 'wasm',
				dtype: 'q8',
				threads: null
			},
			{ kind: 'cloud', id: 'cloud', url: null, model: null, name: null, inputUsdPerMTokens: 0, outputUsdPerMTokens: 0 }
		]);
	});

	it('reads every old flag into the two slots', () => {
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
		expect(args.reps).toBe(3);
		expect(args.engines).toMatchObject([
			{ id: 'local', model: 'smollm2-135m', dtype: 'q4', backend: 'webgpu', threads: 2 },
			{ id: 'cloud', url: 'http://h:1/v1', model: 'smollm2-135m', inputUsdPerMTokens: 0.15, outputUsdPerMTokens: 0.6 }
		]);
	});

	it('reads repeated --engine and the unquoted --sweep form', () => {
		const args = parseBenchArgs([
			'--engine',
			'local:backend=wasm,dtype=q8,threads=2',
			'--engine',
			'cloud:',
			'--sweep',
			'dtype=fp32,q8',
			'threads=1,2',
			'--reps',
			'1'
		]);
		expect(args.reps).toBe(1);
		expect(args.engines.map((e) => (e.kind === 'local' ? `${e.id} ${e.dtype} ${e.threads}` : e.id))).toEqual([
			'local fp32 1',
			'local-2 fp32 2',
			'local-3 q8 1',
			'local-4 q8 2',
			'cloud'
		]);
		expect(() => parseBenchArgs(['--engine', 'local:dtype=q9'])).toThrow(/dtype must be one of fp32/);
		expect(() => parseBenchArgs(['--reps', '1', 'threads=1'])).toThrow(/Unexpected argument|threads=1/);
	});

	it('rejects what it cannot run, naming the option', () => {
		expect(() => parseBenchArgs(['--reps', '0'])).toThrow(/--reps/);
		expect(() => parseBenchArgs(['--threads', 'two'])).toThrow(/--threads/);
		expect(() => parseBenchArgs(['--backend', 'cuda'])).toThrow(/--backend must be one of wasm, webgpu, auto/);
		expect(() => parseBenchArgs(['--suite', 'nope'])).toThrow(/quick/);
		expect(() => parseBenchArgs(['--price-in', '-1'])).toThrow(/--price-in/);
	});

	it('maps --model to the app model source', () => {
		expect(modelSource('edgewise-tiny')).toEqual({ kind: 'default', id: 'edgewise-tiny' });
		expect(modelSource('stories260k')).toEqual({ kind: 'default' });
		expect(modelSource('default')).toEqual({ kind: 'default' });
		expect(modelSource('smollm2-135m')).toEqual({ kind: 'twin', shape: 'smollm2-135m' });
		expect(modelSource('twin/smollm2-135m-s1')).toEqual({ kind: 'twin', shape: 'smollm2-135m' });
		expect(modelSource('HuggingFaceTB/SmolLM2-135M-Instruct')).toEqual({
			kind: 'hub',
			id: 'HuggingFaceTB/SmolLM2-135M-Instruct'
		});
	});

	it('reads --quality as suite ids (comma-separated or repeated), none by default, completion prompts', () => {
		expect(parseBenchArgs([])).toMatchObject({ quality: [], qualityFile: null, qualityMode: 'completion' });
		const args = parseBenchArgs([
			'--quality',
			'arithmetic,agreement',
			'--quality',
			'json,arithmetic',
			'--quality-mode',
			'chat'
		]);
		expect(args).toMatchObject({ quality: ['arithmetic', 'agreement', 'json'], qualityMode: 'chat' });
		expect(() => parseBenchArgs(['--quality', 'trivia'])).toThrow(/no quality suite "trivia"/);
		expect(() => parseBenchArgs(['--quality-file', '/nonexistent/set.jsonl'])).toThrow(/no such file/);
	});
});
