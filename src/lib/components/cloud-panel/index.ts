export { default as CloudPanel } from './cloud-panel.svelte';
