export { default as PromptForm } from './prompt-form.svelte';
