// "Test connection" in Settings: one model listing (round trip), then one tiny streamed generation to
// see whether streaming works and whether the server reports usage. Costs a handful of tokens.
import { nowMs } from '../types';
import { CloudEngine, type CloudEngineConfig } from './cloud-engine';
import { CloudRequestError } from './errors';
import { listModels } from './http';

export interface ConnectionReport {
	ok: boolean;
	/** GET /models, request to full answer. */
	roundTripMs: number | null;
	/** What /models lists; empty when the server does not list. */
	models: string[];
	streams: boolean;
	reportsUsage: boolean;
	ttftMs: number | null;
	error?: { name: string; message: string };
}

export async function testConnection(config: CloudEngineConfig): Promise<ConnectionReport> {
	const report: ConnectionReport = {
		ok: false,
		roundTripMs: null,
		models: [],
		streams: false,
		reportsUsage: false,
		ttftMs: null
	};
	const startMs = nowMs();
	try {
		report.models = await listModels(config);
		report.roundTripMs = nowMs() - startMs;
	} catch (err) {
		if (!(err instanceof CloudRequestError)) {
			report.error = { name: (err as Error).name, message: (err as Error).message };
			return report;
		}
		report.roundTripMs = nowMs() - startMs;
	}
	const engine = new CloudEngine({ ...config, firstTokenTimeoutMs: config.firstTokenTimeoutMs ?? 60_000 });
	const result = await engine.generate({
		input: { mode: 'chat', messages: [{ role: 'user', content: 'Say hi.' }] },
		maxNewTokens: 4,
		temperature: 0
	});
	report.streams = result.finishReason !== 'error' && result.arrivalsMs.length > 0;
	report.reportsUsage = result.tokensSource === 'usage';
	report.ttftMs = result.arrivalsMs.length ? result.arrivalsMs[0] - result.requestMs : null;
	if (result.error) report.error = result.error;
	report.ok = report.streams;
	return report;
}
