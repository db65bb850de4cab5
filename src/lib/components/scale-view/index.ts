export { default as ScaleView } from './scale-view.svelte';
