import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Unit tests sit next to the code; integration tests run over real files and real HTTP.
// Kept apart from vite.config.ts so tests do not build the app or its service worker.
export default defineConfig({
	// Compiles runes in *.svelte.ts managers so their logic can be unit-tested.
	plugins: [svelte()],
	define: { __APP_VERSION__: JSON.stringify('test') },
	// Components that managers register (an engine kind's panel) import SvelteKit's $app modules; unit tests
	// compile Svelte without SvelteKit, so these stand in for them (an app at the root, no router).
	resolve: {
		alias: {
			'$app/paths': fileURLToPath(new URL('tests/sveltekit-stand-in/paths.ts', import.meta.url)),
			'$app/navigation': fileURLToPath(new URL('tests/sveltekit-stand-in/navigation.ts', import.meta.url)),
			'$app/state': fileURLToPath(new URL('tests/sveltekit-stand-in/state.ts', import.meta.url)),
			$lib: fileURLToPath(new URL('src/lib', import.meta.url))
		}
	},
	test: {
		include: ['src/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		environment: 'node',
		// Property tests' run counts: short by default, EDGEWISE_LONG_PROPERTIES=1 for the long search.
		setupFiles: ['tests/fast-check-setup.ts'],
		testTimeout: 120_000,
		hookTimeout: 300_000,
		// Model tests are CPU-heavy; the build machines have 2 cores.
		fileParallelism: false,
		reporters: process.env.EDGEWISE_REPORT_DIR
			? ['default', ['json', { outputFile: `${process.env.EDGEWISE_REPORT_DIR}/vitest.json` }]]
			: ['default']
	}
});
