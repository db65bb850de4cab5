export { default as AppSettings } from './app-settings.svelte';
