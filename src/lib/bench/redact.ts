// Keys never leave the device in a result. A record is redacted once, as it is built (record.ts):
// `redactRecord` snapshots it, keeps only the fields the results format knows (an `apiKey` or `headers`
// an engine's describe() carried is dropped there), and removes what could hide inside known string
// fields: credentials in a URL (https://user:key@host), key-like query parameters (?api_key=..., ?key=...,
// ?token=...) and bearer tokens or API keys quoted in an error message or notice. Every record Edgewise has
// made went through this when it was built, so records read back from this device (IndexedDB) are parsed
// against the schema, not redacted again; a record that comes from a file or a link was made elsewhere, by a
// version or a hand this device cannot vouch for, so its strings are cleaned once as it comes in (`cleanStrings`).
import { ResultRecordSchema, type ResultRecord, type RunSample } from './schema';

const SECRET_PARAM = /^(api[-_]?key|key|token|access[-_]?token|auth|authorization|secret|sig|signature)$/i;

export function redactUrl(url: string): string {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return url;
	}
	parsed.username = '';
	parsed.password = '';
	for (const name of [...parsed.searchParams.keys()]) if (SECRET_PARAM.test(name)) parsed.searchParams.delete(name);
	parsed.hash = '';
	return parsed.toString();
}

/** Strips a bearer token or API key pattern that slipped into a free-text field (an error message). */
export function redactText(text: string): string {
	return text
		.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, '$1[redacted]')
		.replace(/\b(sk|hf|gsk|pk|rk)[-_][A-Za-z0-9_-]{12,}\b/g, '[redacted]');
}

/**
 * The record as it may be kept and shared: a plain-JSON copy (no Svelte proxies, nothing shared with the
 * caller's objects), cut to the schema's fields, its URLs and free text cleaned. The schema's parse here is the
 * allowlist, not a check of data from outside: the draft is typed, but an engine's describe() and generate()
 * (a kind registered at run time, a server's error text) may carry more than their types say.
 */
export function redactRecord(draft: ResultRecord): ResultRecord {
	return cleanStrings(ResultRecordSchema.parse(JSON.parse(JSON.stringify(draft))));
}

/** Cleans a parsed record's URLs, notices and error messages in place, and returns it. */
export function cleanStrings(record: ResultRecord): ResultRecord {
	for (const { info } of record.engines) {
		if (info.endpointBaseUrl !== undefined) info.endpointBaseUrl = redactUrl(info.endpointBaseUrl);
		if (info.notices) info.notices = info.notices.map(redactText);
	}
	const quality: RunSample[] = record.quality ? [...record.quality.warmups, ...record.quality.runs] : [];
	for (const run of [...record.warmups, ...record.runs, ...quality])
		if (run.result.error) run.result.error.message = redactText(run.result.error.message);
	return record;
}
