import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// A static SPA: every page is prerendered shell + client-side app, so any static host works.
		adapter: adapter({ pages: 'build', assets: 'build', fallback: undefined, strict: true }),
		typescript: {
			config(tsconfig) {
				// Node-side code (CLI, server, tests) is type-checked with the app.
				tsconfig.include.push(
					'../src/cli/**/*.ts',
					'../src/server/**/*.ts',
					'../tests/**/*.ts',
					'../scripts/**/*.ts',
					'../benchmarks/**/*.ts',
					'../*.config.ts'
				);
				return tsconfig;
			}
		}
	}
};

export default config;
