export { default as UpdatePrompt } from './update-prompt.svelte';
