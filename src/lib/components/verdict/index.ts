export { default as RunVerdict } from './run-verdict.svelte';
export { default as VerdictView } from './verdict-view.svelte';
