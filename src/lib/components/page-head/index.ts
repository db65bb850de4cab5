export { default as PageHead } from './page-head.svelte';
