// Per-run figures, defined as docs/DESIGN.md defines them for the app: TTFT from request to first token;
// decode tokens/s over the tokens after the first (n - 1 intervals from first to last token).
import type { EngineRun } from './types';

export function ttftMs(run: EngineRun): number | null {
	return run.timesMs.length > 0 ? run.timesMs[0] - run.requestMs : null;
}

export function decodeTokensPerSecond(run: EngineRun): number | null {
	const n = run.timesMs.length;
	if (n < 2) return null;
	const spanMs = run.timesMs[n - 1] - run.timesMs[0];
	return spanMs > 0 ? ((n - 1) * 1000) / spanMs : null;
}

/** Mean ms per decode step spent inside session.run (the prefill call left out). */
export function sessionRunMsPerStep(run: EngineRun): number | null {
	const calls = run.sessionRunCallsMs;
	if (!calls || calls.length < 2) return null;
	return calls.slice(1).reduce((a, b) => a + b, 0) / (calls.length - 1);
}
