import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

// The ONNX Runtime wasm builds are 10-28 MB each (wllama's is 10 MB); Workbox skips anything over 2 MiB by default, which
// would leave the app unable to run a model offline. 64 MiB covers the largest build with room to spare.
const MAX_PRECACHE_BYTES = 64 * 1024 * 1024;

const THEME_COLOR = '#0f766e';
const BACKGROUND_COLOR = '#0b1416';

export default defineConfig({
	plugins: [
		sveltekit(),
		SvelteKitPWA({
			// 'prompt': a new service worker waits until the person accepts the "update available" prompt,
			// so a running benchmark is never reloaded from under them.
			registerType: 'prompt',
			manifest: {
				name: 'Edgewise',
				short_name: 'Edgewise',
				description: pkg.description,
				lang: 'en',
				start_url: '/',
				scope: '/',
				display: 'standalone',
				theme_color: THEME_COLOR,
				background_color: BACKGROUND_COLOR,
				icons: [
					{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
					{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
					{ src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
				]
			},
			workbox: {
				// The app shell (JS, CSS, icons, prerendered pages) plus the ONNX Runtime .wasm/.mjs files and
				// wllama's wllama.wasm (llama.cpp; src/lib/engine/llama/llama-files.ts) the app serves itself,
				// wherever the build puts them. Models are not precached: they are cached
				// by the engine on first load, and only the ones a person actually uses.
				globPatterns: ['client/**/*.{js,mjs,css,ico,png,svg,webp,webmanifest,wasm}', 'prerendered/**/*.{html,json}'],
				// workers/assets/ holds a second copy of the ORT wasm that onnxruntime-web's bundled loader would
				// use only without `wasmPaths`; the engine always sets wasmPaths (src/lib/engine/local/ort-files.ts),
				// so precaching it would download 26 MB that nothing reads.
				globIgnores: ['client/models/**', 'client/_app/immutable/workers/assets/*.wasm', 'server/**'],
				maximumFileSizeToCacheInBytes: MAX_PRECACHE_BYTES,
				// First install takes control of the open page at once, so it works offline without a reload.
				// Updates still wait for the prompt (no skipWaiting).
				clientsClaim: true,
				navigateFallback: '/',
				// Model files and API calls are never answered with the app shell.
				navigateFallbackDenylist: [/^\/models\//, /^\/v1\//],
				// The server's description of this run (where its reference server listens) must never come
				// from a cache: offline, the app keeps the last one it saw (endpoints.svelte.ts).
				runtimeCaching: [{ urlPattern: /\/edgewise-runtime\.json$/, handler: 'NetworkOnly' }]
			}
		})
	],
	define: { __APP_VERSION__: JSON.stringify(pkg.version) },
	worker: { format: 'es' },
	ssr: {
		// Prerendering imports the server build from .svelte-kit/output, where a bare 'cookie' resolves to
		// fastify's cookie@2 at the root instead of kit's own cookie@0.6 (no `parse` export): bundle it.
		noExternal: ['cookie']
	}
});
