export { default as SlotCard } from './slot-card.svelte';
export { default as AddEngine } from './add-engine.svelte';
