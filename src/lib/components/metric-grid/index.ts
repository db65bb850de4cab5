export { default as MetricGrid } from './metric-grid.svelte';
export { formatMs, formatRate, formatCount, MISSING } from '$lib/bench/format';
