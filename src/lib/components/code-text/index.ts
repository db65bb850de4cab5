export { default as CodeText } from './code-text.svelte';
