// The pane's line under its status: where the run ran, never another name for the slot (the slot's one name is
// its heading). On the device: runtime, WebGPU with its adapter or WebAssembly with its threads (WebGPU has no
// thread count to give), precision; remote: the endpoint's host and model.
import type { EngineInfo } from '$lib/engine/types';
import { runtimeShortName } from '$lib/runtimes';

export function ranOn(
	info: Pick<EngineInfo, 'placement' | 'backend' | 'threads' | 'adapter' | 'runtime' | 'model' | 'endpointBaseUrl'>
): string {
	if (info.placement === 'remote') {
		const host = info.endpointBaseUrl ? URL.parse(info.endpointBaseUrl)?.host : null;
		return [host, info.model.id].filter(Boolean).join(' · ');
	}
	const runtime = runtimeShortName(info.runtime?.name);
	const where =
		info.backend === 'webgpu'
			? `WebGPU${info.adapter ? ` · ${`${info.adapter.vendor} ${info.adapter.architecture}`.trim()}${info.adapter.isFallbackAdapter ? ' (software)' : ''}` : ''}`
			: info.backend === 'wasm'
				? `WebAssembly${info.threads ? ` · ${info.threads} thread${info.threads === 1 ? '' : 's'}` : ''}`
				: (info.backend ?? null);
	// The file's own name for the precision, where its format names it otherwise ("q8 (Q8_0)" for GGUF).
	const quant = info.runtime?.quant && info.runtime.quant !== info.model.dtype ? ` (${info.runtime.quant})` : '';
	return [runtime, where, info.model.dtype ? `${info.model.dtype}${quant}` : null].filter(Boolean).join(' · ');
}
