// The runtimes Edgewise ships, registered once, in this order (the first is a new slot's). A new runtime is
// its own folder beside these and one line here.
import { registerLocalRuntime } from './registry';
import { onnxRuntime } from './onnx';
import { llamaRuntime } from './llama';

registerLocalRuntime(onnxRuntime);
registerLocalRuntime(llamaRuntime);
