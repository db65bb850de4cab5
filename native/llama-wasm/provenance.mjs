// Writes static/llama-wasm/provenance.json after build.sh: where each served file came from (sources and
// their commits and licences, flags, toolchain versions) and its sha256. A vitest test
// (src/lib/engine/llama/edgewise-files.test.ts) checks that the served files still match it.
import { createHash } from 'node:crypto';
import { execSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const [outDir, repo, commit] = process.argv.slice(2);
const version = (cmd) => {
	try {
		return execSync(cmd, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
			.split('\n')[0]
			.trim();
	} catch {
		return 'unavailable';
	}
};
const flavours = {
	simd128: {
		simd: 'simd128',
		compile:
			'emscripten 3.1.6 (clang 14): -O3 -DNDEBUG -msimd128 -pthread; cmake -DEMSCRIPTEN_SYSTEM_PROCESSOR=wasm -DGGML_NATIVE=OFF -DGGML_OPENMP=OFF',
		kernels: "ggml's wasm SIMD128 kernels (i32x4.dot_i16x8_s), Q8 activations rounded to nearest"
	},
	relaxed: {
		simd: 'relaxed',
		compile:
			'as simd128, with ggml-cpu-quants.c compiled by clang-19 --target=wasm32-unknown-emscripten -O3 -msimd128 -mrelaxed-simd -pthread -matomics -mbulk-memory -mno-reference-types -mno-multivalue',
		kernels:
			'Edgewise Q4_0 x Q8_0 and Q8_0 x Q8_0 dot products on i32x4.relaxed_dot_i8x16_i7x16_add (i7 operand 0..127), Q8 activations rounded to nearest'
	}
};
const files = [];
for (const flavour of readdirSync(outDir)) {
	const dir = join(outDir, flavour);
	if (!statSync(dir).isDirectory()) continue;
	for (const name of readdirSync(dir).sort()) {
		const bytes = readFileSync(join(dir, name));
		files.push({
			path: relative(outDir, join(dir, name)),
			bytes: bytes.length,
			sha256: createHash('sha256').update(bytes).digest('hex')
		});
	}
}
const provenance = {
	name: 'llama.cpp · Edgewise build',
	sources: [
		{ name: 'llama.cpp', repository: repo, commit, licence: 'MIT' },
		{
			name: 'Edgewise patches and C API',
			repository: 'this repository',
			paths: ['native/llama-wasm/patches/ggml-cpu-quants-wasm.patch', 'native/llama-wasm/edgewise-llama.cpp'],
			licence: 'as this repository'
		}
	],
	toolchains: {
		emscripten: version('emcc --version'),
		'clang-19': version('clang-19 --version'),
		cmake: version('cmake --version'),
		binaryen: version('wasm-opt --version') + ' (not run on the output: links at -O0 for binaryen)'
	},
	link: 'em++ -O0 (binaryen passes off) -pthread -sMODULARIZE -sEXPORT_NAME=createEdgewiseLlama -sENVIRONMENT=web,worker -sALLOW_MEMORY_GROWTH -sMAXIMUM_MEMORY=4GB -sPTHREAD_POOL_SIZE=4 -sWASM_BIGINT',
	threads: 'pthreads (SharedArrayBuffer: the page must be cross-origin isolated); one ggml threadpool per context',
	flavours,
	files
};
writeFileSync(join(outDir, 'provenance.json'), JSON.stringify(provenance, null, '\t') + '\n');
console.log(`provenance: ${files.length} files`);
