// Keys never leave the device in a result. The schema already drops fields it does not know (an
// `apiKey` in an engine config); this removes what could hide inside known string fields: credentials
// in a URL (https://user:key@host) and key-like query parameters (?api_key=..., ?key=..., ?token=...).
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
