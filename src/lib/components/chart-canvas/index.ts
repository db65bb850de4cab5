export { default as ChartCanvas } from './chart-canvas.svelte';
