// Prompt suites: fixed texts, embedded here so every run on every machine sends the same bytes.
// Inputs come in three sizes and each is paired with several output lengths; decoding is greedy with a
// fixed max_new_tokens and, where the engine can, ignoreEos so both sides produce the same token count.
// Cases are chat requests; for a model without a chat template (the built-in stories260k) the same inputs
// run as plain completion (`getSuite(id, 'completion')`: the user text alone, no system message).
import type { GenerateRequest } from '../engine/types';

export type InputSize = 'short' | 'medium' | 'long';

export interface PromptCase {
	/** Stable id, e.g. "medium-64": input size and max new tokens. */
	id: string;
	inputSize: InputSize;
	maxNewTokens: number;
	request: GenerateRequest;
}

export interface Suite {
	id: string;
	label: string;
	cases: PromptCase[];
}

const SYSTEM = 'You are a concise assistant. Answer in plain prose.';

const SHORT =
	'Explain in one paragraph why a small language model can answer faster on a phone than a large one in a data centre.';

const MEDIUM = [
	'A field engineer is inspecting a wind turbine in a valley with no mobile coverage. She carries a tablet',
	'with a small language model installed, and uses it to summarise the maintenance log, translate a warning',
	'label and draft her report. Back at the depot, the same report is checked by a larger model in the cloud.',
	'Describe, step by step, which parts of her day depend on the network and which do not, what the latency',
	'of each step is likely to be on the device and in the cloud, and where the cost of each answer comes from.'
].join(' ');

const LONG_PARAGRAPHS = [
	'Edge inference means running a trained model on the device that holds the data: a phone, a laptop, a car,',
	'a sensor gateway. Training still happens on large clusters, because it needs vast amounts of data and',
	'compute, but once the weights are fixed they can be copied anywhere. A model of a hundred million parameters,',
	'quantised to four bits, fits in well under a hundred megabytes and runs on an ordinary processor.',
	'The first token of an answer arrives after the prompt has been processed (prefill), and every further token',
	'costs one forward pass (decode). On a device, prefill competes with everything else the machine is doing;',
	'in the cloud, it competes with other users in a queue and is preceded by a network round trip.',
	'Decode speed on a device is bounded by memory bandwidth: every token reads every weight once. In a data',
	'centre the same bound applies, but the hardware is faster and requests are batched, so each user sees a',
	'share of a much larger machine. The answer to "which is faster" therefore depends on the length of the',
	'prompt, the length of the answer, the network, and how busy the server is.',
	'Cost follows a similar split. A cloud provider charges per million input and output tokens. A device pays',
	'once, in download size and storage, and then only in battery and heat. Privacy and availability do not',
	'appear on the invoice at all: a local model keeps working in a tunnel, and the prompt never leaves the room.',
	'Write a careful comparison of the two approaches for a reader who must choose one for a note-taking app',
	'used by nurses on night shifts. Cover latency, throughput, cost, privacy, offline use and maintenance, and',
	'end with a recommendation and the measurements you would take before trusting it.'
];
const LONG = LONG_PARAGRAPHS.join(' ');

const INPUTS: Record<InputSize, string> = { short: SHORT, medium: MEDIUM, long: LONG };

export function promptCase(
	inputSize: InputSize,
	maxNewTokens: number,
	mode: 'chat' | 'completion' = 'chat'
): PromptCase {
	return {
		id: `${inputSize}-${maxNewTokens}`,
		inputSize,
		maxNewTokens,
		request: {
			input:
				mode === 'completion'
					? { mode: 'completion', prompt: INPUTS[inputSize] }
					: {
							mode: 'chat',
							messages: [
								{ role: 'system', content: SYSTEM },
								{ role: 'user', content: INPUTS[inputSize] }
							]
						},
			maxNewTokens,
			temperature: 0,
			ignoreEos: true
		}
	};
}

function grid(sizes: InputSize[], outputs: number[]): PromptCase[] {
	return sizes.flatMap((size) => outputs.map((n) => promptCase(size, n)));
}

export const SUITES: readonly Suite[] = [
	{ id: 'quick', label: 'Quick (short input; 8 and 32 new tokens)', cases: grid(['short'], [8, 32]) },
	{
		id: 'standard',
		label: 'Standard (short, medium, long inputs; 16, 64, 128 new tokens)',
		cases: grid(['short', 'medium', 'long'], [16, 64, 128])
	},
	{ id: 'long-output', label: 'Long output (short input; 256 new tokens)', cases: grid(['short'], [256]) }
];

export class UnknownSuiteError extends Error {
	override name = 'UnknownSuiteError';
	constructor(id: string) {
		super(`There is no prompt suite "${id}"; choose one of: ${SUITES.map((s) => s.id).join(', ')}.`);
	}
}

export function getSuite(id: string): Suite {
	const suite = SUITES.find((s) => s.id === id);
	if (!suite) throw new UnknownSuiteError(id);
	return suite;
}

/** A suite's cases in one mode: as listed (chat), or the same inputs as plain completion. */
export function suiteCases(suite: Suite, mode: 'chat' | 'completion'): PromptCase[] {
	return mode === 'chat' ? suite.cases : suite.cases.map((c) => promptCase(c.inputSize, c.maxNewTokens, 'completion'));
}
