export { default as FigureTable } from './figure-table.svelte';
