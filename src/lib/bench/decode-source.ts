// How a decode figure says who timed it. Where a stream reached the client in bursts, the figure is the
// server's own (metrics.ts, `decodeSource`), and every place that shows it (pane, verdict, results) says so
// in the same words. On-device runtimes that report their own timings (llama.cpp) are no server: theirs is
// "the runtime's figure".
import type { EngineInfo } from '../engine/types';
import { formatRate } from './format';
import type { DecodeSource } from './metrics';

/** A run's source, or over a benchmark's runs: all the client's, all the server's, or some of each. */
export type DecodeSourceOver = DecodeSource | { server: number; of: number };

/** Who reported a figure that is not the client's: "server" for an endpoint, "runtime" on this device. */
export function reporterOf(placement: EngineInfo['placement'] | null | undefined): 'server' | 'runtime' {
	return placement === 'device' ? 'runtime' : 'server';
}

/** The words after a decode figure: nothing for the client's own, "(server's figure)" otherwise. */
export function decodeSourceNote(
	source: DecodeSourceOver | null | undefined,
	placement: EngineInfo['placement'] | null | undefined
): string {
	if (!source || source === 'client') return '';
	const who = reporterOf(placement);
	if (source === 'server') return ` (${who}'s figure)`;
	if (source.server === 0) return '';
	return source.server >= source.of
		? ` (${who}'s figure)`
		: ` (${who}'s figure in ${source.server} of ${source.of} runs)`;
}

export function formatDecode(
	perS: number | null | undefined,
	source: DecodeSourceOver | null | undefined,
	placement: EngineInfo['placement'] | null | undefined
): string {
	const text = formatRate(perS);
	return perS == null ? text : `${text}${decodeSourceNote(source, placement)}`;
}
