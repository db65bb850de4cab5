// Kernel checks and timings exported by the Edgewise builds, for the kernel test page
// (tests/e2e/edgewise-kernels.spec.ts) and bench:engine's notes. Each runs ggml's CPU kernels as llama.cpp
// calls them (the type traits' vec_dot and from_float) against a scalar reference written here.
#include "ggml.h"
#include "ggml-cpu.h"

#include <emscripten/emscripten.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace {

struct BlockQ8 {
	uint16_t d;
	int8_t qs[32];
};
struct BlockQ4 {
	uint16_t d;
	uint8_t qs[16];
};

uint32_t g_state = 1;
float next_float() {
	g_state = g_state * 1664525u + 1013904223u;
	return ((g_state >> 8) / 16777216.0f) * 2.0f - 1.0f;
}

/** Weights with the awkward cases in: an all-zero block, a block at one magnitude, large and tiny scales. */
std::vector<float> make_data(size_t count, uint32_t seed) {
	g_state = seed;
	std::vector<float> v(count);
	for (size_t i = 0; i < count; i++) {
		const size_t block = i / 32;
		if (block % 17 == 3) v[i] = 0.0f;
		else if (block % 17 == 5) v[i] = (i % 2 ? 1.0f : -1.0f) * 3.5f;
		else if (block % 17 == 7) v[i] = next_float() * 1e-4f;
		else v[i] = next_float() * (block % 3 == 0 ? 8.0f : 1.0f);
	}
	return v;
}

/** Q8_0 as the x86 and (fixed) wasm kernels make it: scale amax/127, round half to even. */
void quantize_q8_reference(const float *x, BlockQ8 *y, int n) {
	for (int b = 0; b < n / 32; b++) {
		float amax = 0.0f;
		for (int j = 0; j < 32; j++) amax = std::fmax(amax, std::fabs(x[b * 32 + j]));
		const float d = amax / 127.0f;
		const float id = d ? 1.0f / d : 0.0f;
		y[b].d = ggml_fp32_to_fp16(d);
		for (int j = 0; j < 32; j++) y[b].qs[j] = (int8_t)std::nearbyint(x[b * 32 + j] * id);
	}
}

int weight_q(ggml_type type, const void *row, int b, int j) {
	if (type == GGML_TYPE_Q8_0) return ((const BlockQ8 *)row)[b].qs[j];
	const BlockQ4 &q = ((const BlockQ4 *)row)[b];
	return j < 16 ? (q.qs[j] & 0x0F) - 8 : (q.qs[j - 16] >> 4) - 8;
}

float weight_d(ggml_type type, const void *row, int b) {
	return ggml_fp16_to_fp32(type == GGML_TYPE_Q8_0 ? ((const BlockQ8 *)row)[b].d : ((const BlockQ4 *)row)[b].d);
}

} // namespace

extern "C" {

/**
 * Checks the kernels for a weight type (GGML_TYPE_Q4_0 = 2, GGML_TYPE_Q8_0 = 8) over rows x n values:
 * out[0] activation bytes that differ from the round-to-nearest-even reference, out[1] bytes that differ from
 * ggml's scalar quantize_row_q8_0_ref (which rounds half away from zero: exact halves only), out[2] the largest
 * |kernel - reference| / sum|terms| over the rows, out[3] the rows checked. Returns 0, or -1 for a type it
 * does not check.
 */
EMSCRIPTEN_KEEPALIVE int ew_kernel_check(int type_id, int n, int rows, uint32_t seed, double *out) {
	const ggml_type type = (ggml_type)type_id;
	if ((type != GGML_TYPE_Q4_0 && type != GGML_TYPE_Q8_0) || n % 32 != 0) return -1;
	ggml_cpu_init();
	const ggml_type_traits *tt = ggml_get_type_traits(type);
	const ggml_type_traits_cpu *cpu = ggml_get_type_traits_cpu(type);
	const ggml_type_traits_cpu *act = ggml_get_type_traits_cpu(cpu->vec_dot_type);
	const size_t row_bytes = ggml_row_size(type, n);
	std::vector<float> w = make_data((size_t)rows * n, seed);
	std::vector<float> x = make_data(n, seed * 7 + 3);
	std::vector<uint8_t> wq(row_bytes * rows);
	for (int r = 0; r < rows; r++) tt->from_float_ref(w.data() + (size_t)r * n, wq.data() + row_bytes * r, n);

	std::vector<BlockQ8> xq(n / 32), xq_nearest(n / 32), xq_ggml(n / 32);
	act->from_float(x.data(), xq.data(), n);
	quantize_q8_reference(x.data(), xq_nearest.data(), n);
	ggml_get_type_traits(GGML_TYPE_Q8_0)->from_float_ref(x.data(), xq_ggml.data(), n);
	int differ_nearest = 0, differ_ggml = 0;
	for (int b = 0; b < n / 32; b++) {
		differ_nearest += xq[b].d != xq_nearest[b].d;
		differ_ggml += xq[b].d != xq_ggml[b].d;
		for (int j = 0; j < 32; j++) {
			differ_nearest += xq[b].qs[j] != xq_nearest[b].qs[j];
			differ_ggml += xq[b].qs[j] != xq_ggml[b].qs[j];
		}
	}
	double worst = 0.0;
	for (int r = 0; r < rows; r++) {
		const void *row = wq.data() + row_bytes * r;
		float got = 0.0f;
		cpu->vec_dot(n, &got, 0, row, 0, xq.data(), 0, 1);
		double want = 0.0, scale = 0.0;
		for (int b = 0; b < n / 32; b++) {
			int64_t sum = 0, abs_sum = 0;
			for (int j = 0; j < 32; j++) {
				const int p = weight_q(type, row, b, j) * xq[b].qs[j];
				sum += p;
				abs_sum += p < 0 ? -p : p;
			}
			const double d = (double)weight_d(type, row, b) * ggml_fp16_to_fp32(xq[b].d);
			want += d * sum;
			scale += std::fabs(d) * abs_sum;
		}
		const double err = scale > 0 ? std::fabs(got - want) / scale : std::fabs(got - want);
		if (err > worst) worst = err;
	}
	out[0] = differ_nearest;
	out[1] = differ_ggml;
	out[2] = worst;
	out[3] = rows;
	return 0;
}

/** Microseconds per mat-vec of rows x n weights of the type (best of reps), activations quantised once. */
EMSCRIPTEN_KEEPALIVE double ew_kernel_matvec_us(int type_id, int n, int rows, int reps) {
	const ggml_type type = (ggml_type)type_id;
	ggml_cpu_init();
	const ggml_type_traits *tt = ggml_get_type_traits(type);
	const ggml_type_traits_cpu *cpu = ggml_get_type_traits_cpu(type);
	const size_t row_bytes = ggml_row_size(type, n);
	std::vector<float> w = make_data((size_t)rows * n, 11);
	std::vector<float> x = make_data(n, 12);
	std::vector<uint8_t> wq(row_bytes * rows);
	if (tt->from_float_ref) {
		for (int r = 0; r < rows; r++) tt->from_float_ref(w.data() + (size_t)r * n, wq.data() + row_bytes * r, n);
	} else {
		std::memcpy(wq.data(), w.data(), wq.size());
	}
	std::vector<uint8_t> xq(ggml_row_size(cpu->vec_dot_type, n));
	if (cpu->vec_dot_type == GGML_TYPE_F32) std::memcpy(xq.data(), x.data(), xq.size());
	else ggml_get_type_traits_cpu(cpu->vec_dot_type)->from_float(x.data(), xq.data(), n);
	std::vector<float> y(rows);
	double best = 1e30;
	for (int rep = 0; rep < reps; rep++) {
		const double t0 = emscripten_get_now();
		for (int r = 0; r < rows; r++) cpu->vec_dot(n, &y[r], 0, wq.data() + row_bytes * r, 0, xq.data(), 0, 1);
		const double us = (emscripten_get_now() - t0) * 1000.0;
		if (us < best) best = us;
	}
	return best;
}

} // extern "C"
