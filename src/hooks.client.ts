// Client start-up hooks. Registers the llama.cpp debug entry (window.__edgewiseLlama; see
// src/lib/engine/llama/debug-entry.ts): a few bytes until it is used.
import { registerLlamaDebugEntry } from '$lib/engine/llama/debug-entry';

registerLlamaDebugEntry(window);
