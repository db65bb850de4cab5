// The raw baseline: transformers.js exactly as its docs show it, plus timestamps. Plain JavaScript so the
// page needs no build step (the benchmark serves it as is). Driven by benchmarks/engine.ts through
// `window.rawBench`; `window.rawBenchReady` is set when the module has loaded.
import { AutoModelForCausalLM, AutoTokenizer, env } from '@huggingface/transformers';

const build = window.ORT_BUILD;
let model = null;
let tokenizer = null;
/** Duration of each session.run call (prefill first, then one per decode step), inside ONNX Runtime (ONNX Runtime, including ort-web's tensor marshalling), per generate call. */
let runCallsMs = [];

function wrapSessionRuns(sessions) {
	for (const session of Object.values(sessions)) {
		const run = session.run.bind(session);
		session.run = async (...args) => {
			const t0 = performance.now();
			try {
				return await run(...args);
			} finally {
				runCallsMs.push(performance.now() - t0);
			}
		};
	}
}

/** Times every new token the moment generate() hands it over; nothing else (no decoding). */
class TimingStreamer {
	ids = [];
	timesMs = [];
	#promptSeen = false;
	put(value) {
		const t = performance.timeOrigin + performance.now();
		if (!this.#promptSeen) {
			this.#promptSeen = true;
			return;
		}
		this.ids.push(Number(value[0][0]));
		this.timesMs.push(t);
	}
	end() {}
}

async function load({ modelId, dtype, threads, sessionOptions = {}, useWasmCache = true, proxy = false }) {
	if (model) await model.dispose();
	const t0 = performance.now();
	env.localModelPath = '/models/';
	env.allowLocalModels = true;
	env.allowRemoteModels = false;
	env.useBrowserCache = true;
	env.useWasmCache = useWasmCache;
	const wasm = env.backends.onnx.wasm;
	wasm.wasmPaths = { ...build.wasmPaths };
	wasm.numThreads = threads;
	wasm.proxy = proxy;
	tokenizer = await AutoTokenizer.from_pretrained(modelId);
	model = await AutoModelForCausalLM.from_pretrained(modelId, {
		dtype,
		device: 'wasm',
		session_options: sessionOptions
	});
	const loadMs = performance.now() - t0;
	wrapSessionRuns(model.sessions);
	document.getElementById('status').textContent = `${modelId} ${dtype} ${threads}t ${build.name}`;
	return { loadMs, build: build.name, threads: wasm.numThreads, crossOriginIsolated: globalThis.crossOriginIsolated };
}

async function generate({ prompt, maxNewTokens, ignoreEos = true }) {
	const inputs = tokenizer(prompt, { add_special_tokens: true });
	const streamer = new TimingStreamer();
	runCallsMs = [];
	const requestMs = performance.timeOrigin + performance.now();
	await model.generate({
		...inputs,
		streamer,
		generation_config: {
			max_new_tokens: maxNewTokens,
			do_sample: false,
			temperature: 1,
			top_p: 1,
			...(ignoreEos ? { eos_token_id: null } : {})
		}
	});
	const endMs = performance.timeOrigin + performance.now();
	return {
		requestMs,
		endMs,
		timesMs: streamer.timesMs,
		tokenIds: streamer.ids,
		inputTokens: inputs.input_ids.dims.at(-1),
		sessionRunCallsMs: runCallsMs
	};
}

window.rawBench = { load, generate, build: build.name };
window.rawBenchReady = true;
