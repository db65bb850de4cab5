export { default as Nav } from './nav.svelte';
