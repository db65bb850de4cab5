export { default as QualityPicker } from './quality-picker.svelte';
