export { default as ResultsView } from './results-view.svelte';
