export { default as InstallButton } from './install-button.svelte';
