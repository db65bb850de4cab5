export { default as ResultsView } from './results-view.svelte';
export { default as ResultDetail } from './result-detail.svelte';
export { default as ResultsMessage } from './results-message.svelte';
