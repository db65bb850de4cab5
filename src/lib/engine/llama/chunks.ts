// Reading llama.cpp's streamed OpenAI-style chunks (wllama passes llama-server's JSON through): the text,
// the token ids when asked for (n_probs > 0 adds a logprobs entry per token, with its id), the server's
// own timings, and the file's quant from general.file_type. Pure, so it is tested in Node.
import type { ServerTimings } from '../types';

export interface LlamaTimings {
	cache_n?: number;
	prompt_n: number;
	prompt_ms: number;
	predicted_n: number;
	predicted_ms: number;
	predicted_per_second: number;
}

export interface CompletionChunk {
	choices?: {
		text?: string;
		delta?: { content?: string | null };
		finish_reason?: string | null;
		logprobs?: { content?: { id?: number }[] | null } | null;
	}[];
	usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
	timings?: LlamaTimings;
}

export function chunkParts(chunk: CompletionChunk): { text: string; tokenIds: number[] } {
	const choice = chunk.choices?.[0];
	const text = choice?.text ?? choice?.delta?.content ?? '';
	const tokenIds = (choice?.logprobs?.content ?? [])
		.map((c) => c.id)
		.filter((id): id is number => typeof id === 'number');
	return { text, tokenIds };
}

/** llama.cpp's own measurements: prompt processing time and decode speed, as the cloud's are kept. */
export function toServerTimings(timings: LlamaTimings | undefined): ServerTimings | undefined {
	if (!timings) return undefined;
	return { promptMs: timings.prompt_ms, decodeTokensPerS: timings.predicted_per_second };
}

// llama_ftype (llama.h): the names llama.cpp prints.
const FILE_TYPES: Record<number, string> = {
	0: 'F32',
	1: 'F16',
	2: 'Q4_0',
	3: 'Q4_1',
	7: 'Q8_0',
	8: 'Q5_0',
	9: 'Q5_1',
	10: 'Q2_K',
	11: 'Q3_K_S',
	12: 'Q3_K_M',
	13: 'Q3_K_L',
	14: 'Q4_K_S',
	15: 'Q4_K_M',
	16: 'Q5_K_S',
	17: 'Q5_K_M',
	18: 'Q6_K',
	19: 'IQ2_XXS',
	20: 'IQ2_XS',
	21: 'Q2_K_S',
	22: 'IQ3_XS',
	23: 'IQ3_XXS',
	24: 'IQ1_S',
	25: 'IQ4_NL',
	26: 'IQ3_S',
	27: 'IQ3_M',
	28: 'IQ2_S',
	29: 'IQ2_M',
	30: 'IQ4_XS',
	31: 'IQ1_M',
	32: 'BF16',
	36: 'TQ1_0',
	37: 'TQ2_0',
	38: 'MXFP4_MOE'
};

export function quantName(fileType: string | number | undefined): string {
	if (fileType === undefined || fileType === '') return 'unknown';
	const n = Number(fileType);
	return FILE_TYPES[n] ?? `file type ${fileType}`;
}
