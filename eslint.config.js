// Lint rules after SvelteKit's own template: recommended JavaScript, TypeScript and Svelte rules, with
// formatting left to prettier.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'static/',
			'native/llama-wasm/.build/',
			'models/',
			'bench-results/',
			'test-results/',
			// PW_OUTPUT_DIR (playwright.config.ts): one output folder per person running specs in this tree.
			'test-results-*/',
			'.reports/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			// TypeScript checks undefined names itself (svelte-check); this rule misreads type-only globals.
			'no-undef': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }
			],
			// A literal {' · '} keeps a space that Svelte drops at the start of an {#if} block's text.
			'svelte/no-useless-mustaches': 'off'
		}
	},
	{
		// Benchmark pages call into globals their own page scripts define, which have no types here.
		files: ['benchmarks/**'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig }
		}
	}
);
