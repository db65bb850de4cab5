// SvelteKit's $app/paths for unit tests, which compile Svelte without SvelteKit: an app at the origin's root.
export const base = '';
export const assets = '';
export const resolve = (path: string): string => path;
