// Native reference for the Edgewise builds: the same C API (edgewise-llama.cpp) over the same llama.cpp
// commit, compiled by gcc for this CPU (native-check.sh). Prints the greedy ids of a prompt as JSON, so a
// test can compare them with the wasm builds' ids token for token, and the text they spell.
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
int ew_token_piece(int token, char *buf, int size);
void ew_reset();
const char *ew_take_log();
float *ew_logits();
int ew_n_vocab();
}

/** The best logit's lead over the runner-up, over the largest |logit| (how safe this greedy step is). */
static double lead() {
	const float *l = ew_logits();
	const int n = ew_n_vocab();
	float a = -1e30f, b = -1e30f, m = 0.0f;
	for (int i = 0; i < n; i++) {
		if (l[i] > a) {
			b = a;
			a = l[i];
		} else if (l[i] > b) {
			b = l[i];
		}
		if (l[i] > m || -l[i] > m) m = l[i] > 0 ? l[i] : -l[i];
	}
	return m > 0 ? (a - b) / m : 0.0;
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
	std::vector<int> ids;
	std::vector<double> leads;
	for (int i = 0; i < n; i++) {
		int t = ew_greedy();
		ids.push_back(t);
		leads.push_back(lead());
		if (ew_decode(&t, 1) != 0) break;
	}
	printf("],\"ids\":[");
	for (size_t i = 0; i < ids.size(); i++) printf(i ? ",%d" : "%d", ids[i]);
	printf("],\"leads\":[");
	for (size_t i = 0; i < leads.size(); i++) printf(i ? ",%.5f" : "%.5f", leads[i]);
	printf("],\"text\":\"");
	for (int id : ids) {
		char piece[256];
		const int len = ew_token_piece(id, piece, (int)sizeof piece);
		for (int i = 0; i < len; i++) {
			const unsigned char c = (unsigned char)piece[i];
			if (c == '"' || c == '\\') printf("\\%c", c);
			else if (c < 0x20) printf("\\u%04x", c);
			else putchar(c);
		}
	}
	printf("\"}\n");
	return 0;
}
