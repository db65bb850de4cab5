export { default as ThemeToggle } from './theme-toggle.svelte';
