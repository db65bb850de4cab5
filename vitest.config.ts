import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// Unit tests sit next to the code; integration tests run over real files and real HTTP.
// Kept apart from vite.config.ts so tests do not build the app or its service worker.
export default defineConfig({
	// Compiles runes in *.svelte.ts managers so their logic can be unit-tested.
	plugins: [svelte()],
	define: { __APP_VERSION__: JSON.stringify('test') },
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
