// Starts ONNX Runtime's plain wasm build as the app's worker does (one tiny session), optionally does
// something ahead of the load (`tiny`: create the tiny twin's session N times, so V8 tiers up the session
// creation code; `reserveMiB`: write that much of the heap through the app's ConstantOfShape model), then
// creates the same model's session twice and reports both times. Models arrive as bytes from the page.
const DIST = '/node_modules/onnxruntime-web/dist/';
const bytesOf = async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer());
const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

self.onmessage = async ({ data: options }) => {
	// Imported on the first message, not at module top level: a module worker's top-level await can hold
	// back the message this handler must see.
	const ort = await import(`${DIST}ort.wasm.min.mjs`);
	ort.env.wasm.numThreads = options.threads;
	ort.env.wasm.wasmPaths = { mjs: `${DIST}ort-wasm-simd-threaded.mjs`, wasm: `${DIST}ort-wasm-simd-threaded.wasm` };
	const create = (bytes) => ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
	const model = await bytesOf(options.modelUrl);
	const out = {};
	let t = performance.now();
	await (await create(fromBase64(options.identity))).release();
	out.startMs = performance.now() - t;
	t = performance.now();
	if (options.tiny) {
		const tiny = await bytesOf(options.tinyUrl);
		for (let i = 0; i < options.tiny; i++) await (await create(tiny)).release();
	}
	if (options.reserveMiB) {
		const session = await create(fromBase64(options.reserve));
		const floats = BigInt(Math.floor((options.reserveMiB * 1024 * 1024) / 4));
		await session.run({ n: new ort.Tensor('int64', BigInt64Array.of(floats), [1]) });
		await session.release();
	}
	out.aheadMs = performance.now() - t;
	out.createMs = [];
	for (let i = 0; i < 2; i++) {
		t = performance.now();
		const session = await create(model);
		out.createMs.push(performance.now() - t);
		await session.release();
	}
	self.postMessage(out);
};
