// Native reference for the Edgewise builds: the same C API (edgewise-llama.cpp) over the same llama.cpp
// commit, compiled by gcc for this CPU (native-check.sh). Prints the greedy ids of a prompt as JSON, so a
// test can compare them with the wasm builds' ids token for token.
//   native-check MODEL.gguf THREADS N_TOKENS PROMPT
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

extern "C" {
void ew_init(int log_level);
int ew_load(const char *path, int n_ctx, int n_threads, int n_batch);
int ew_tokenize(const char *text, int len, int add_special, int *out, int max);
int ew_decode(const int *tokens, int n);
int ew_greedy();
void ew_reset();
const char *ew_take_log();
}

int main(int argc, char **argv) {
	if (argc < 5) {
		fprintf(stderr, "usage: native-check MODEL THREADS N_TOKENS PROMPT\n");
		return 2;
	}
	ew_init(3);
	if (ew_load(argv[1], 1024, atoi(argv[2]), 512) != 0) {
		fprintf(stderr, "load failed: %s\n", ew_take_log());
		return 1;
	}
	const int n = atoi(argv[3]);
	std::vector<int> prompt(4096);
	const int np = ew_tokenize(argv[4], (int)strlen(argv[4]), 1, prompt.data(), (int)prompt.size());
	prompt.resize(np);
	ew_reset();
	if (ew_decode(prompt.data(), np) != 0) return 1;
	printf("{\"prompt\":[");
	for (int i = 0; i < np; i++) printf(i ? ",%d" : "%d", prompt[i]);
	printf("],\"ids\":[");
	for (int i = 0; i < n; i++) {
		int t = ew_greedy();
		printf(i ? ",%d" : "%d", t);
		if (ew_decode(&t, 1) != 0) break;
	}
	printf("]}\n");
	return 0;
}
