// What the server that serves the app says about this run of it, at a same-origin path: which version of
// Edgewise it serves (the bench CLI checks it before reusing an app on a port) and where the reference
// cloud server it started listens (the app points its built-in endpoint there). Static hosts do not
// serve it; the app then keeps its compiled defaults.

export const RUNTIME_INFO_PATH = '/edgewise-runtime.json';

export interface RuntimeInfo {
	app: 'edgewise';
	version: string;
	/** The served build's id (SvelteKit's `_app/version.json`): same version, different checkouts differ. */
	build: string | null;
	/** OpenAI-compatible base URL of the reference server started beside the app; null when none. */
	referenceBaseUrl: string | null;
}

export function parseRuntimeInfo(value: unknown): RuntimeInfo | null {
	const v = value as Partial<RuntimeInfo> | null;
	if (!v || typeof v !== 'object' || v.app !== 'edgewise' || typeof v.version !== 'string') return null;
	const url =
		typeof v.referenceBaseUrl === 'string' && /^https?:\/\//.test(v.referenceBaseUrl) ? v.referenceBaseUrl : null;
	return {
		app: 'edgewise',
		version: v.version,
		build: typeof v.build === 'string' ? v.build : null,
		referenceBaseUrl: url
	};
}

/** The build id in a built app folder, as the static server reports it. */
export function buildIdOf(versionJson: string): string | null {
	try {
		const v = (JSON.parse(versionJson) as { version?: unknown }).version;
		return typeof v === 'string' ? v : null;
	} catch {
		return null;
	}
}
