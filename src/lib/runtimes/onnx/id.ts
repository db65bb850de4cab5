// ONNX Runtime web's id in slots and results. Records and probes saved before runtimes were recorded ran on
// it, so the results schema reads a missing runtime as this one.
export const ONNX_RUNTIME_ID = 'onnxruntime-web';
