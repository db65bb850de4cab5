// llama.cpp's id in slots and results (the Edgewise build and wllama's are builds of it, recorded apart).
export const LLAMA_RUNTIME_ID = 'llama.cpp';
