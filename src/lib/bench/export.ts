// Export and import of results. JSON is the versioned format of schema.ts (lossless: import gives back
// exactly what was exported); CSV is one row per run for spreadsheets (lossy: no arrivals, no text).
import { cleanStrings } from './redact';
import {
	ExportFileSchema,
	FORMAT_ID,
	READABLE_SCHEMA_VERSIONS,
	SCHEMA_VERSION,
	type ExportFile,
	type ResultRecord
} from './schema';
import { upgradeExportFile } from './schema-upgrade';

export class ImportError extends Error {
	override name = 'ImportError';
}

export function exportFile(
	records: ResultRecord[],
	appVersion: string,
	exportedAt = new Date().toISOString()
): ExportFile {
	// The records as they are: each was redacted when it was built, or parsed when it was read (IndexedDB,
	// an imported file, a share link), and the type says so; parsing them again here would only repeat that.
	return { format: FORMAT_ID, schemaVersion: SCHEMA_VERSION, appVersion, exportedAt, records };
}

export function exportJson(records: ResultRecord[], appVersion: string, exportedAt?: string): string {
	return JSON.stringify(exportFile(records, appVersion, exportedAt), null, 2);
}

export function importJson(text: string): ResultRecord[] {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch {
		throw new ImportError('This file is not JSON. Choose a file exported from Edgewise (Results → Export JSON).');
	}
	const head = data as { format?: unknown; schemaVersion?: unknown } | null;
	if (!head || head.format !== FORMAT_ID)
		throw new ImportError('This JSON is not an Edgewise results export (its "format" is not "edgewise-results").');
	if (!(READABLE_SCHEMA_VERSIONS as readonly unknown[]).includes(head.schemaVersion))
		throw new ImportError(
			`This export has schema version ${String(head.schemaVersion)}; this Edgewise reads versions ${READABLE_SCHEMA_VERSIONS.join(' to ')} (current: ${SCHEMA_VERSION}). Update Edgewise, or export again from this version.`
		);
	const parsed = ExportFileSchema.safeParse(upgradeExportFile(data as Record<string, unknown>));
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const where = issue?.path.join('.') || '(top)';
		throw new ImportError(
			`This export does not match the results format at ${where}: ${issue?.message ?? 'unknown problem'}.`
		);
	}
	// Made elsewhere: cleaned as it comes in, as this device's own records were when they were built.
	return parsed.data.records.map(cleanStrings);
}

export const CSV_COLUMNS = [
	'record_id',
	'record_kind',
	'created_at',
	'app_version',
	'status',
	'engine_id',
	'engine_kind',
	'engine_label',
	'model_id',
	'model_dtype',
	'backend',
	'threads',
	'endpoint_base_url',
	'case_id',
	'repetition',
	'warmup',
	'max_new_tokens',
	'finish_reason',
	'ttft_ms',
	'e2e_ms',
	'decode_tokens_per_s',
	'tpot_ms',
	'decode_source',
	'client_decode_tokens_per_s',
	'server_decode_tokens_per_s',
	'prefill_tokens_per_s',
	'input_tokens',
	'output_tokens',
	'tokens_source',
	'error',
	'browser',
	'os',
	'cores',
	'cross_origin_isolated',
	'online'
] as const;

function csvCell(value: unknown): string {
	if (value === null || value === undefined) return '';
	const s = String(value);
	return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per run, warm-ups included (flagged), RFC 4180 quoting, snake_case headers (docs/results-format.md). */
export function exportCsv(records: ResultRecord[]): string {
	const rows: string[] = [CSV_COLUMNS.join(',')];
	for (const rec of records)
		for (const run of [...rec.warmups, ...rec.runs]) {
			const info = rec.engines.find((e) => e.id === run.engineId)?.info;
			const m = run.metrics;
			const row = [
				rec.id,
				rec.kind,
				rec.createdAt,
				rec.appVersion,
				rec.status,
				run.engineId,
				info?.kind,
				info?.label,
				info?.model.id,
				info?.model.dtype,
				info?.backend,
				info?.threads,
				info?.endpointBaseUrl,
				run.caseId,
				run.repetition,
				run.warmup,
				run.request.maxNewTokens,
				run.result.finishReason,
				m?.ttftMs,
				m?.e2eMs,
				m?.decodeTokensPerS,
				m?.tpotMs,
				// Older records have no source: their figure is the client's.
				m ? (m.decodeSource ?? 'client') : null,
				m ? (m.decodeSource ? m.clientDecodeTokensPerS : m.decodeTokensPerS) : null,
				m?.serverDecodeTokensPerS,
				m?.prefillTokensPerS,
				run.result.inputTokens,
				run.result.outputTokens,
				run.result.tokensSource,
				run.result.error ? `${run.result.error.name}: ${run.result.error.message}` : null,
				rec.device.browser,
				rec.device.os,
				rec.device.cores,
				rec.device.crossOriginIsolated,
				rec.device.online
			];
			rows.push(row.map(csvCell).join(','));
		}
	return rows.join('\r\n') + '\r\n';
}
