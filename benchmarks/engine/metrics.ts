// Per-run figures, defined as docs/DESIGN.md defines them for the app: TTFT from request to first token;
// decode tokens/s over the tokens after the first (n - 1 intervals from first to last token).
import { decodeTokensPerSOf } from '../../src/lib/bench/metrics';
import type { EngineRun } from './types';

export function ttftMs(run: EngineRun): number | null {
	const first = run.timesMs[0];
	return first === undefined ? null : first - run.requestMs;
}

/** Each stamp is one token here (the runners stamp tokens where they are produced). */
export function decodeTokensPerSecond(run: EngineRun): number | null {
	return decodeTokensPerSOf(run.timesMs);
}

/** Mean ms per decode step spent inside session.run (the prefill call left out). */
export function sessionRunMsPerStep(run: EngineRun): number | null {
	const calls = run.sessionRunCallsMs;
	if (!calls || calls.length < 2) return null;
	return calls.slice(1).reduce((a, b) => a + b, 0) / (calls.length - 1);
}
