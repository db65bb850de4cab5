// Edgewise's C API over llama.h, compiled into the Edgewise llama.cpp builds (build.sh). One model and one
// context at a time; the worker (src/lib/engine/llama/edgewise-runtime.ts) writes the GGUF into the module's
// in-memory file system, loads it, and drives prompt decoding and greedy sampling token by token, so every
// figure it reports is timed in JavaScript around these calls. Sampling other than greedy, and the text of a
// token, are done in JavaScript from ew_logits() and ew_token_piece().
#include "llama.h"
#include "ggml-cpu.h"

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#else
#define EMSCRIPTEN_KEEPALIVE // native-check.cpp builds this file natively, for the reference ids
#endif

#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

namespace {

llama_model *g_model = nullptr;
llama_context *g_ctx = nullptr;
ggml_threadpool *g_pool = nullptr;
int g_threads = 1;
int g_n_past = 0;
int g_log_level = GGML_LOG_LEVEL_WARN;
std::string g_log;

void on_log(ggml_log_level level, const char *text, void *) {
	if (level != GGML_LOG_LEVEL_CONT && level < g_log_level) return;
	if (g_log.size() > 64 * 1024) g_log.erase(0, g_log.size() - 32 * 1024);
	g_log += text;
}

void free_context() {
	if (g_ctx) llama_free(g_ctx);
	if (g_pool) ggml_threadpool_free(g_pool);
	g_ctx = nullptr;
	g_pool = nullptr;
	g_n_past = 0;
}

/**
 * Runs an API call, turning a C++ exception from llama.cpp into the error value. This file alone is
 * compiled with exception catching (build.sh): llama.cpp's own code is not, so a throw deep inside it
 * (a malformed GGUF, a token id out of range) unwinds to the nearest of these guards, logged, instead of
 * killing the module.
 */
template <typename F, typename R> R guarded(F f, R on_error) {
	try {
		return f();
	} catch (const std::exception &e) {
		g_log += std::string("error: ") + e.what() + "\n";
	} catch (...) {
		g_log += "error: unknown C++ exception\n";
	}
	return on_error;
}

} // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE void ew_init(int log_level) {
	g_log_level = log_level;
	llama_log_set(on_log, nullptr);
	llama_backend_init();
}

/** Text logged by llama.cpp since the last call (then cleared). */
EMSCRIPTEN_KEEPALIVE const char *ew_take_log() {
	static std::string out;
	out.swap(g_log);
	g_log.clear();
	return out.c_str();
}

EMSCRIPTEN_KEEPALIVE const char *ew_system_info() { return llama_print_system_info(); }

/**
 * Loads a GGUF from the module's file system and makes a context of n_ctx tokens computing on n_threads.
 * The threads live in one ggml threadpool for the context's life (ggml would otherwise start and join
 * them on every graph, which costs a worker round trip per token in the browser). Returns 0, or -1 when
 * the model did not load, -2 when the context could not be made (the log says why).
 */
EMSCRIPTEN_KEEPALIVE int ew_load(const char *path, int n_ctx, int n_threads, int n_batch) {
	return guarded([&]() -> int {
		free_context();
		if (g_model) llama_model_free(g_model);
		g_model = nullptr;
		llama_model_params mp = llama_model_default_params();
		mp.use_mmap = false;
		mp.n_gpu_layers = 0;
		g_model = llama_model_load_from_file(path, mp);
		if (!g_model) return -1;
		llama_context_params cp = llama_context_default_params();
		cp.n_ctx = n_ctx;
		cp.n_batch = n_batch;
		cp.n_ubatch = n_batch;
		cp.n_threads = n_threads;
		cp.n_threads_batch = n_threads;
		cp.no_perf = false;
		g_ctx = llama_init_from_model(g_model, cp);
		if (!g_ctx) return -2;
		g_threads = n_threads;
		if (n_threads > 1) {
			ggml_threadpool_params tp = ggml_threadpool_params_default(n_threads);
			g_pool = ggml_threadpool_new(&tp);
			if (g_pool) llama_attach_threadpool(g_ctx, g_pool, g_pool);
		}
		return 0;
	}, -3);
}

EMSCRIPTEN_KEEPALIVE void ew_free() {
	free_context();
	if (g_model) llama_model_free(g_model);
	g_model = nullptr;
}

EMSCRIPTEN_KEEPALIVE int ew_threads() { return g_threads; }
EMSCRIPTEN_KEEPALIVE int ew_threadpool() { return g_pool ? 1 : 0; }
EMSCRIPTEN_KEEPALIVE int ew_n_vocab() { return g_model ? llama_vocab_n_tokens(llama_model_get_vocab(g_model)) : 0; }
EMSCRIPTEN_KEEPALIVE int ew_n_ctx() { return g_ctx ? (int)llama_n_ctx(g_ctx) : 0; }
EMSCRIPTEN_KEEPALIVE int ew_add_bos() { return g_model ? llama_vocab_get_add_bos(llama_model_get_vocab(g_model)) : 0; }
EMSCRIPTEN_KEEPALIVE int ew_is_eog(int token) {
	return g_model ? llama_vocab_is_eog(llama_model_get_vocab(g_model), token) : 1;
}

/** Metadata value for key into buf (NUL-terminated); returns its length, or -1 when absent. */
EMSCRIPTEN_KEEPALIVE int ew_meta(const char *key, char *buf, int size) {
	return guarded([&]() -> int {
		if (!g_model) return -1;
		return llama_model_meta_val_str(g_model, key, buf, size);
	}, -1);
}

/** Tokenizes text (len bytes); returns the count, or minus the count needed when max is too small. */
EMSCRIPTEN_KEEPALIVE int ew_tokenize(const char *text, int len, int add_special, int *out, int max) {
	return guarded([&]() -> int {
		if (!g_model) return 0;
		return llama_tokenize(llama_model_get_vocab(g_model), text, len, out, max, add_special != 0, true);
	}, 0);
}

/** The bytes of one token (not always whole UTF-8 on its own), special tokens rendered; returns the length. */
EMSCRIPTEN_KEEPALIVE int ew_token_piece(int token, char *buf, int size) {
	return guarded([&]() -> int {
		if (!g_model) return 0;
		return llama_token_to_piece(llama_model_get_vocab(g_model), token, buf, size, 0, false);
	}, 0);
}

/**
 * The model's own chat template over n messages (roles and contents as parallel arrays), with the
 * assistant's turn opened; returns the length written, or minus the length needed, or 0 with no template.
 */
EMSCRIPTEN_KEEPALIVE int ew_apply_chat(const char **roles, const char **contents, int n, char *buf, int size) {
	return guarded([&]() -> int {
		if (!g_model) return 0;
		const char *tmpl = llama_model_chat_template(g_model, nullptr);
		if (!tmpl) return 0;
		std::vector<llama_chat_message> chat(n);
		for (int i = 0; i < n; i++) chat[i] = {roles[i], contents[i]};
		int need = llama_chat_apply_template(tmpl, chat.data(), n, true, buf, size);
		return need > size ? -need : need;
	}, 0);
}

EMSCRIPTEN_KEEPALIVE int ew_has_chat_template() {
	return g_model && llama_model_chat_template(g_model, nullptr) ? 1 : 0;
}

/** Starts a new sequence: empties the KV cache and the timings. */
EMSCRIPTEN_KEEPALIVE void ew_reset() {
	if (!g_ctx) return;
	llama_kv_cache_clear(g_ctx);
	llama_perf_context_reset(g_ctx);
	g_n_past = 0;
}

/**
 * Appends n tokens to the sequence, in batches of the context's n_batch, asking logits for the last only.
 * Returns 0, 1 when the context is full, or llama_decode's error.
 */
EMSCRIPTEN_KEEPALIVE int ew_decode(const int *tokens, int n) {
	return guarded([&]() -> int {
		if (!g_ctx) return -100;
		if (g_n_past + n > (int)llama_n_ctx(g_ctx)) return 1;
		const int n_batch = (int)llama_n_batch(g_ctx);
		for (int start = 0; start < n; start += n_batch) {
			const int count = n - start < n_batch ? n - start : n_batch;
			llama_batch batch = llama_batch_init(count, 0, 1);
			for (int i = 0; i < count; i++) {
				batch.token[i] = tokens[start + i];
				batch.pos[i] = g_n_past + i;
				batch.n_seq_id[i] = 1;
				batch.seq_id[i][0] = 0;
				batch.logits[i] = start + i == n - 1;
			}
			batch.n_tokens = count;
			const int rc = llama_decode(g_ctx, batch);
			llama_batch_free(batch);
			if (rc != 0) return rc;
			g_n_past += count;
		}
		return 0;
	}, -101);
}

/** The last decoded position's logits (n_vocab floats), or null. */
EMSCRIPTEN_KEEPALIVE float *ew_logits() { return g_ctx ? llama_get_logits_ith(g_ctx, -1) : nullptr; }

/** Greedy choice over the last logits: the first index of the largest (as llama.cpp's greedy sampler). */
EMSCRIPTEN_KEEPALIVE int ew_greedy() {
	const float *logits = ew_logits();
	if (!logits) return -1;
	const int n = ew_n_vocab();
	int best = 0;
	for (int i = 1; i < n; i++)
		if (logits[i] > logits[best]) best = i;
	return best;
}

/** llama.cpp's own timings: prompt ms, decode ms, prompt tokens, decoded tokens (into out[4]). */
EMSCRIPTEN_KEEPALIVE void ew_perf(double *out) {
	if (!g_ctx) return;
	llama_perf_context_data d = llama_perf_context(g_ctx);
	out[0] = d.t_p_eval_ms;
	out[1] = d.t_eval_ms;
	out[2] = d.n_p_eval;
	out[3] = d.n_eval;
}

} // extern "C"
