export { default as ShareResult } from './share-result.svelte';
