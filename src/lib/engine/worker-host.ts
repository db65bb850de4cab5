// The page side of an engine's worker: starts it on first use, speaks the typed RPC to it, and ends it
// (a crash, a fresh start, dispose). Both on-device engines, LocalEngine (ONNX Runtime) and LlamaCppEngine
// (llama.cpp), keep their worker here, so a crash rejects every pending call and a disposed engine never
// starts a worker again, the same way for both.
import { createRpcClient, RpcClosedError, type RpcClient, type RpcProtocol } from './worker-rpc';

export interface WorkerHostOptions {
	createWorker: () => Worker;
	/** How messages name the worker and the engine: "model worker", "local engine". */
	workerName: string;
	engineName: string;
	/** Runs when a worker starts, and when it ends (crashed or ended), once each per worker. */
	onStart?: () => void;
	onEnd?: () => void;
}

/** Workers the on-device engines of this page have running, of both runtimes: a released engine's is gone. */
let liveWorkers = 0;
export function liveEngineWorkers(): number {
	return liveWorkers;
}

export class WorkerHost<P extends RpcProtocol> {
	#worker: Worker | null = null;
	#rpc: RpcClient<P> | null = null;
	#disposed = false;

	constructor(private readonly options: WorkerHostOptions) {}

	/** The running worker's client, or null: for calls that need no worker started just for them (unload). */
	get current(): RpcClient<P> | null {
		return this.#rpc;
	}

	/** The worker's client, starting the worker when none runs. */
	client(): RpcClient<P> {
		if (this.#rpc) return this.#rpc;
		// A disposed engine never starts a new worker: what it held is gone for good.
		if (this.#disposed) throw new RpcClosedError(`This ${this.options.engineName} was disposed; load a model again.`);
		const worker = this.options.createWorker();
		const rpc = createRpcClient<P>(worker);
		worker.addEventListener('error', (event) => {
			rpc.failAll(
				new RpcClosedError(
					`The ${this.options.workerName} crashed: ${event.message || 'unknown error'}. Load the model again.`
				)
			);
			this.end();
		});
		this.#worker = worker;
		this.#rpc = rpc;
		liveWorkers++;
		this.options.onStart?.();
		return rpc;
	}

	/** Ends the worker now (its memory goes with it); pending calls reject. The next client() starts afresh. */
	end(): void {
		const had = this.#worker !== null;
		this.#rpc?.close();
		this.#worker?.terminate();
		this.#rpc = null;
		this.#worker = null;
		if (!had) return;
		liveWorkers--;
		this.options.onEnd?.();
	}

	/** Releases what the worker holds (`release`, whose failure is ignored), then ends it, for good. */
	async dispose(release: () => Promise<unknown>): Promise<void> {
		this.#disposed = true;
		try {
			await release();
		} catch {
			// The worker is going away either way.
		}
		this.end();
	}
}
