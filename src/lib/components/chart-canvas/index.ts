export { default as ChartCanvas } from './chart-canvas.svelte';
export { default as ChartGrid } from './chart-grid.svelte';
