// Bundles benchmarks/app-page (LocalEngine and its worker) for npm run bench:engine. Same worker format as
// the app's vite.config.ts; the output goes under node_modules/.cache (git-ignored, rebuilt on demand).
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export const APP_PAGE_OUT = resolve(import.meta.dirname, '../../node_modules/.cache/edgewise-bench/app-page');

export default defineConfig({
	root: import.meta.dirname,
	base: '/app/',
	logLevel: 'warn',
	worker: { format: 'es' },
	build: { outDir: APP_PAGE_OUT, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4096 }
});
