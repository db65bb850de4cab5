export { default as BenchmarkPanel } from './benchmark-panel.svelte';
