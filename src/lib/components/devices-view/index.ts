export { default as DevicesView } from './devices-view.svelte';
