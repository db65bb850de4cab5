// The app version stamped on every record. Vite and Vitest define __APP_VERSION__ from package.json;
// plain Node (tsx) does not, so the CLI passes its own.
export function appVersion(): string {
	return typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev';
}
