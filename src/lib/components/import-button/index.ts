export { default as ImportButton } from './import-button.svelte';
