export { default as EndpointSettings } from './endpoint-settings.svelte';
