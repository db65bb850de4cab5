export { default as ModelLibrary } from './model-library.svelte';
