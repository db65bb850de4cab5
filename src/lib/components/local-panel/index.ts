export { default as LocalPanel } from './local-panel.svelte';
