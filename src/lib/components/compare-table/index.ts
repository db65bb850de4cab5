export { default as CompareTable } from './compare-table.svelte';
