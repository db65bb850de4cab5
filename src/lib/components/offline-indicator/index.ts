export { default as OfflineIndicator } from './offline-indicator.svelte';
