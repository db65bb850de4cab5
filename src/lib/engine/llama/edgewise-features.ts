// Which Edgewise llama.cpp build this browser runs: relaxed SIMD where the engine validates its relaxed
// dot product (Chromium 114+), else SIMD128. A module using an instruction the engine lacks
// is rejected whole, so the check validates a tiny module that uses exactly the instruction the kernels
// need, as wasm-feature-detect does. The function is self-contained (tests run it inside the page).
import type { EdgewiseFlavour } from './edgewise-files';

export function detectEdgewiseFlavour(): EdgewiseFlavour | null {
	// (func (result v128) (i32x4.relaxed_dot_i8x16_i7x16_add_s (i8x16.splat 1) (i8x16.splat 1) (i32x4.splat 0)))
	const relaxed = [
		0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 19, 1, 17, 0, 65, 1, 253, 15, 65, 1, 253, 15,
		65, 0, 253, 17, 253, 147, 2, 11
	];
	// (func (result v128) (i32x4.dot_i16x8_s (i16x8.splat 1) (i16x8.splat 1)))
	const simd128 = [
		0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 15, 1, 13, 0, 65, 1, 253, 16, 65, 1, 253, 16,
		253, 186, 1, 11
	];
	const valid = (bytes: number[]) => {
		try {
			return WebAssembly.validate(new Uint8Array(bytes));
		} catch {
			return false;
		}
	};
	if (valid(relaxed)) return 'relaxed';
	return valid(simd128) ? 'simd128' : null;
}
