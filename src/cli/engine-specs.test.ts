import { describe, expect, it } from 'vitest';
import { describeSpec, engineSpecs, foldSweepWords, parseSweep, UsageError, type EngineDefaults } from './engine-specs';

const DEFAULTS: EngineDefaults = {
	model: 'edgewise-tiny',
	backend: 'wasm',
	dtype: 'q8',
	threads: null,
	runtime: 'onnxruntime-web',
	endpoint: null,
	cloudModel: null,
	noCloud: false,
	priceIn: 0,
	priceOut: 0
};
const specs = (engines: string[], sweeps: string[] = [], defaults: Partial<EngineDefaults> = {}) =>
	engineSpecs(engines, sweeps, { ...DEFAULTS, ...defaults });
const usage = (f: () => unknown): string => {
	try {
		f();
	} catch (err) {
		expect(err).toBeInstanceOf(UsageError);
		return (err as Error).message;
	}
	throw new Error('expected a UsageError');
};

describe('--engine specs', () => {
	it('gives slots in order, with the ids the app gives them', () => {
		const out = specs([
			'local:model=edgewise-tiny,backend=wasm,dtype=q8,threads=2',
			'local:backend=webgpu,dtype=q4',
			'cloud:url=http://127.0.0.1:4174/v1/,model=edgewise-tiny,name=Mine,price-in=0.15,price-out=0.6',
			'cloud:',
			'local:runtime=llama.cpp,dtype=q4,threads=auto'
		]);
		expect(out.map((s) => s.id)).toEqual(['local', 'local-2', 'cloud', 'cloud-2', 'local-3']);
		expect(out[0]).toEqual({
			kind: 'local',
			id: 'local',
			model: 'edgewise-tiny',
			source: { kind: 'default', id: 'edgewise-tiny' },
			runtime: 'onnxruntime-web',
			backend: 'wasm',
			dtype: 'q8',
			threads: 2
		});
		expect(out[1]).toMatchObject({ backend: 'webgpu', dtype: 'q4', threads: null });
		expect(out[2]).toEqual({
			kind: 'cloud',
			id: 'cloud',
			url: 'http://127.0.0.1:4174/v1',
			model: 'edgewise-tiny',
			name: 'Mine',
			inputUsdPerMTokens: 0.15,
			outputUsdPerMTokens: 0.6
		});
		expect(out[3]).toMatchObject({ url: null, model: null, name: null });
		expect(out[4]).toMatchObject({ runtime: 'llama.cpp', dtype: 'q4', threads: null });
	});

	it('fills what a local spec leaves out from the old flags', () => {
		const [spec] = specs(['local:'], [], { model: 'smollm2-135m', dtype: 'fp32', threads: '1' });
		expect(spec).toMatchObject({
			model: 'smollm2-135m',
			source: { kind: 'twin', shape: 'smollm2-135m' },
			dtype: 'fp32',
			threads: 1
		});
	});

	it('refuses unknown keys and values, naming them and what is allowed', () => {
		expect(usage(() => specs(['local:dtyp=q8']))).toMatch(
			/unknown key "dtyp"; allowed: model, backend, dtype, threads, runtime/
		);
		expect(usage(() => specs(['cloud:key=sk-1']))).toMatch(
			/unknown key "key"; allowed: url, model, name, price-in, price-out/
		);
		expect(usage(() => specs(['gpu:']))).toMatch(/unknown engine kind "gpu"; allowed: local, cloud/);
		expect(usage(() => specs(['local:backend=cuda']))).toMatch(/backend must be one of wasm, webgpu, auto, not "cuda"/);
		expect(usage(() => specs(['local:dtype=int8']))).toMatch(/dtype must be one of fp32, q8, q4, fp16, q4f16/);
		expect(usage(() => specs(['local:runtime=llama.cpp,dtype=fp16']))).toMatch(
			/dtype \(llama.cpp\) must be one of fp32, q8, q4/
		);
		expect(usage(() => specs(['local:runtime=mlc']))).toMatch(/runtime must be one of onnxruntime-web, llama.cpp/);
		expect(usage(() => specs(['local:threads=0']))).toMatch(/threads must be a whole number from 1 to 64/);
		expect(usage(() => specs(['local:threads=2,threads=1']))).toMatch(/"threads" is given twice/);
		expect(usage(() => specs(['local:threads']))).toMatch(/"threads" needs a value/);
		expect(usage(() => specs(['cloud:url=127.0.0.1:4174']))).toMatch(/url must be an http\(s\) base URL/);
		expect(usage(() => specs(['cloud:model=gpt']))).toMatch(/model needs url=/);
		expect(usage(() => specs(['cloud:url=http://h/v1,price-in=-1']))).toMatch(/price-in is US dollars per 1M tokens/);
	});

	it('names the old flag when the bad value came from it', () => {
		expect(usage(() => specs(['local:'], [], { backend: 'cuda' }))).toMatch(/^--backend must be one of/);
	});

	it('refuses the default cloud slot flags beside --engine', () => {
		expect(usage(() => specs(['local:'], [], { endpoint: 'http://h/v1' }))).toMatch(
			/--endpoint describes the default cloud slot/
		);
		expect(usage(() => specs(['local:'], [], { noCloud: true }))).toMatch(/--no-cloud/);
	});
});

describe('the old flags', () => {
	it('are the two-slot default: this device, then the reference server', () => {
		const out = specs([]);
		expect(out.map((s) => [s.id, s.kind])).toEqual([
			['local', 'local'],
			['cloud', 'cloud']
		]);
		expect(out[1]).toMatchObject({ url: null, model: null });
	});

	it('--endpoint and --cloud-model make the cloud slot; --no-cloud leaves it out', () => {
		expect(specs([], [], { endpoint: 'http://h:1/v1', cloudModel: 'm', priceIn: 1 })[1]).toMatchObject({
			url: 'http://h:1/v1',
			model: 'm',
			name: 'Endpoint',
			inputUsdPerMTokens: 1
		});
		expect(specs([], [], { endpoint: 'http://h:1/v1' })[1]).toMatchObject({ model: 'edgewise-tiny' });
		expect(specs([], [], { noCloud: true }).map((s) => s.id)).toEqual(['local']);
	});
});

describe('--sweep', () => {
	it('expands the first local slot into the cartesian product, the first key slowest', () => {
		const out = specs(['local:threads=2', 'cloud:', 'local:dtype=fp32'], ['dtype=fp32,q8,q4 threads=1,2']);
		expect(out.map((s) => s.id)).toEqual([
			'local',
			'local-2',
			'local-3',
			'local-4',
			'local-5',
			'local-6',
			'cloud',
			'local-7'
		]);
		const locals = out.filter((s) => s.kind === 'local').slice(0, 6);
		expect(locals.map((s) => [s.dtype, s.threads])).toEqual([
			['fp32', 1],
			['fp32', 2],
			['q8', 1],
			['q8', 2],
			['q4', 1],
			['q4', 2]
		]);
		expect(out.at(-1)).toMatchObject({ dtype: 'fp32', threads: null });
	});

	it('varies the old flags local slot and keeps the default cloud slot', () => {
		const out = specs([], ['dtype=fp32,q8'], { threads: '2', noCloud: false });
		expect(out.map((s) => s.id)).toEqual(['local', 'local-2', 'cloud']);
		expect(out.map((s) => (s.kind === 'local' ? [s.dtype, s.threads] : s.url))).toEqual([['fp32', 2], ['q8', 2], null]);
	});

	it('reads one quoted value, repeated flags and the words after --sweep alike', () => {
		const axes = [
			['dtype', ['fp32', 'q8']],
			['threads', ['1', '2']]
		];
		expect(parseSweep(['dtype=fp32,q8 threads=1,2'])).toEqual(axes);
		expect(parseSweep(['dtype=fp32,q8', 'threads=1,2'])).toEqual(axes);
		expect(foldSweepWords(['--sweep', 'dtype=fp32,q8', 'threads=1,2', '--reps', '1'])).toEqual([
			'--sweep',
			'dtype=fp32,q8 threads=1,2',
			'--reps',
			'1'
		]);
		expect(foldSweepWords(['--sweep=dtype=q8', 'threads=1', '--no-cloud'])).toEqual([
			'--sweep=dtype=q8 threads=1',
			'--no-cloud'
		]);
		// Only the words after --sweep: anything else still goes to parseArgs (and is refused there).
		expect(foldSweepWords(['--reps', '1', 'threads=1'])).toEqual(['--reps', '1', 'threads=1']);
	});

	it('refuses unknown keys, empty lists, a key twice, no local slot and too many slots', () => {
		expect(usage(() => parseSweep(['precision=q8']))).toMatch(
			/unknown key "precision"; allowed: model, backend, dtype, threads, runtime/
		);
		expect(usage(() => parseSweep(['dtype=']))).toMatch(/"dtype" needs values/);
		expect(usage(() => parseSweep(['dtype=q8', 'dtype=q4']))).toMatch(/given twice/);
		expect(usage(() => specs([], ['dtype=fp32,int8']))).toMatch(/--sweep dtype must be one of/);
		expect(usage(() => specs(['cloud:'], ['dtype=q8']))).toMatch(/add --engine local/);
		expect(usage(() => specs([], ['dtype=fp32,q8,q4 threads=1,2,3,4,5,6']))).toMatch(
			/19 engines; the app keeps at most 16/
		);
	});
});

describe("a runtime's own settings", () => {
	it('takes llama.cpp build= as its own key, checks the value, refuses it on a runtime without it, and sweeps it', () => {
		const [spec] = specs(['local:runtime=llama.cpp,build=wllama,dtype=q4,threads=1']);
		expect(spec).toMatchObject({ runtime: 'llama.cpp', settings: { build: 'wllama' } });
		expect(describeSpec(spec!)).toBe('local (edgewise-tiny, llama.cpp wasm q4, 1 thread, build=wllama)');
		expect(usage(() => specs(['local:runtime=llama.cpp,build=fast']))).toBe(
			'--engine local:runtime=llama.cpp,build=fast: build must be one of auto, edgewise-relaxed, edgewise-simd128, wllama, not "fast".'
		);
		expect(usage(() => specs(['local:build=wllama']))).toBe(
			'--engine local:build=wllama: build: ONNX Runtime has no setting "build".'
		);
		const swept = specs(['local:runtime=llama.cpp,dtype=q8', 'cloud:'], ['build=edgewise-simd128,wllama']);
		expect(swept.map((s) => (s.kind === 'local' ? s.settings?.build : s.kind))).toEqual([
			'edgewise-simd128',
			'wllama',
			'cloud'
		]);
	});
});
