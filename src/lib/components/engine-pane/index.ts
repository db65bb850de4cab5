export { default as EnginePane } from './engine-pane.svelte';
