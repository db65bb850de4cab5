// A small typed request/response RPC over postMessage, shared by the local inference worker and the
// cloud stream worker. A protocol is a map from message name to its { request, result, progress }
// payloads; the server must handle every name (a missing handler is a type error), the client can only
// send names the protocol knows, and every reply is matched to its request by id.
//
// Wire format (exactly these shapes, so a test can check them):
//   page -> worker: { kind: 'request', id, name, payload } | { kind: 'cancel', id }
//   worker -> page: { kind: 'result', id, payload } | { kind: 'error', id, error: { name, message } }
//                 | { kind: 'progress', id, payload }
// Errors cross as plain { name, message } (Error objects do not survive structured clone intact) and
// are rebuilt on the page as RpcError with the same name, so callers can branch on `error.name`.

export interface RpcMessageShape {
	request: unknown;
	result: unknown;
	progress: unknown;
}

/** name -> { request, result, progress }; use `never` for progress a message does not emit. */
export type RpcProtocol = { [name: string]: RpcMessageShape };

export type RpcName<P extends RpcProtocol> = Extract<keyof P, string>;

export type RpcRequestMessage<P extends RpcProtocol> = {
	[K in RpcName<P>]: { kind: 'request'; id: number; name: K; payload: P[K]['request'] };
}[RpcName<P>];

export interface RpcCancelMessage {
	kind: 'cancel';
	id: number;
}

export interface RpcErrorPayload {
	name: string;
	message: string;
}

export type RpcReplyMessage =
	| { kind: 'result'; id: number; payload: unknown }
	| { kind: 'error'; id: number; error: RpcErrorPayload }
	| { kind: 'progress'; id: number; payload: unknown };

/** What both a Worker (page side) and a worker's global scope (worker side) offer. */
export interface RpcEndpoint {
	postMessage(message: unknown, transfer?: Transferable[]): void;
	addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
	removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/** An error that came back from the other side, keeping its name (e.g. 'ModelNotFoundError'). */
export class RpcError extends Error {
	constructor(name: string, message: string) {
		super(message);
		this.name = name;
	}
}

/** Raised on the page for calls still pending when the client is closed or the worker dies. */
export class RpcClosedError extends Error {
	override name = 'RpcClosedError';
	constructor(message = 'The worker stopped before it answered; reload the model and try again.') {
		super(message);
	}
}

/**
 * The plain `{ name, message }` an error is carried as wherever it crosses postMessage or is saved with a
 * result (an Error's own fields do not survive structured clone with its name). An object already of that
 * shape (a payload from another worker) passes through.
 */
export function toErrorPayload(error: unknown): RpcErrorPayload {
	if (error instanceof Error) return { name: error.name || 'Error', message: error.message };
	if (error && typeof error === 'object' && 'name' in error && 'message' in error) {
		const { name, message } = error;
		if (typeof name === 'string' && typeof message === 'string') return { name, message };
	}
	return { name: 'Error', message: String(error) };
}

// A value plus the buffers to transfer (not copy) with it.
const TRANSFER = Symbol('rpc-transfer');
export interface WithTransfer<T> {
	[TRANSFER]: true;
	value: T;
	transfer: Transferable[];
}

/** Wrap a handler's result (or a progress payload) to move its buffers instead of cloning them. */
export function withTransfer<T>(value: T, transfer: Transferable[]): WithTransfer<T> {
	return { [TRANSFER]: true, value, transfer };
}

function unwrap<T>(value: T | WithTransfer<T>): { value: T; transfer: Transferable[] } {
	if (value !== null && typeof value === 'object' && TRANSFER in value) {
		return { value: value.value, transfer: value.transfer };
	}
	return { value: value as T, transfer: [] };
}

// ---------------------------------------------------------------------------------------------------
// Page side

export interface CallOptions<Progress> {
	onProgress?: (progress: Progress) => void;
	/** Aborting sends { kind: 'cancel', id }; the handler sees it as ctx.signal and decides the reply. */
	signal?: AbortSignal;
	transfer?: Transferable[];
}

interface Pending {
	resolve(value: unknown): void;
	reject(error: Error): void;
	onProgress?: (progress: unknown) => void;
	cleanup(): void;
}

export interface RpcClient<P extends RpcProtocol> {
	call<K extends RpcName<P>>(
		name: K,
		payload: P[K]['request'],
		options?: CallOptions<P[K]['progress']>
	): Promise<P[K]['result']>;
	/** Number of calls waiting for a reply. */
	readonly pending: number;
	/** Rejects every pending call with `error` (e.g. when the worker crashed). */
	failAll(error: Error): void;
	/** Stops listening and rejects pending calls. */
	close(): void;
}

export function createRpcClient<P extends RpcProtocol>(endpoint: RpcEndpoint): RpcClient<P> {
	let nextId = 1;
	const calls = new Map<number, Pending>();

	const onMessage = (event: MessageEvent) => {
		const reply = event.data as RpcReplyMessage;
		if (!reply || typeof reply !== 'object' || typeof reply.id !== 'number') return;
		const call = calls.get(reply.id);
		if (!call) return;
		switch (reply.kind) {
			case 'progress':
				call.onProgress?.(reply.payload);
				return;
			case 'result':
				calls.delete(reply.id);
				call.cleanup();
				call.resolve(reply.payload);
				return;
			case 'error':
				calls.delete(reply.id);
				call.cleanup();
				call.reject(new RpcError(reply.error.name, reply.error.message));
				return;
			default:
				assertNever(reply);
		}
	};
	endpoint.addEventListener('message', onMessage);

	const failAll = (error: Error) => {
		const all = [...calls.values()];
		calls.clear();
		for (const call of all) {
			call.cleanup();
			call.reject(error);
		}
	};

	return {
		call(name, payload, options = {}) {
			const id = nextId++;
			const { signal, onProgress, transfer = [] } = options;
			return new Promise((resolve, reject) => {
				const onAbort = () => endpoint.postMessage({ kind: 'cancel', id } satisfies RpcCancelMessage);
				calls.set(id, {
					resolve: resolve as (value: unknown) => void,
					reject,
					onProgress: onProgress as ((progress: unknown) => void) | undefined,
					cleanup: () => signal?.removeEventListener('abort', onAbort)
				});
				const message = { kind: 'request', id, name, payload } as RpcRequestMessage<P>;
				endpoint.postMessage(message, transfer);
				if (signal?.aborted) onAbort();
				else signal?.addEventListener('abort', onAbort, { once: true });
			});
		},
		get pending() {
			return calls.size;
		},
		failAll,
		close() {
			endpoint.removeEventListener('message', onMessage);
			failAll(new RpcClosedError());
		}
	};
}

// ---------------------------------------------------------------------------------------------------
// Worker side

export interface HandlerContext<Progress> {
	id: number;
	/** Aborted when the page sends { kind: 'cancel', id } for this request. */
	signal: AbortSignal;
	progress(payload: Progress | WithTransfer<Progress>): void;
}

export type RpcHandlers<P extends RpcProtocol> = {
	[K in RpcName<P>]: (
		payload: P[K]['request'],
		ctx: HandlerContext<P[K]['progress']>
	) => Promise<P[K]['result'] | WithTransfer<P[K]['result']>> | P[K]['result'] | WithTransfer<P[K]['result']>;
};

export class UnknownRpcMessageError extends Error {
	override name = 'UnknownRpcMessageError';
}

/** Answers requests arriving on `endpoint` with `handlers`; returns a function that stops serving. */
export function serveRpc<P extends RpcProtocol>(endpoint: RpcEndpoint, handlers: RpcHandlers<P>): () => void {
	const running = new Map<number, AbortController>();

	const reply = (message: RpcReplyMessage, transfer: Transferable[] = []) => endpoint.postMessage(message, transfer);

	const handle = async (request: RpcRequestMessage<P>) => {
		const { id, name, payload } = request;
		const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
		if (!handler) {
			reply({ kind: 'error', id, error: toErrorPayload(new UnknownRpcMessageError(`Unknown request "${name}".`)) });
			return;
		}
		const controller = new AbortController();
		running.set(id, controller);
		const ctx: HandlerContext<unknown> = {
			id,
			signal: controller.signal,
			progress(progress) {
				const { value, transfer } = unwrap(progress);
				reply({ kind: 'progress', id, payload: value }, transfer);
			}
		};
		try {
			const { value, transfer } = unwrap(await handler(payload, ctx as never));
			reply({ kind: 'result', id, payload: value }, transfer);
		} catch (error) {
			reply({ kind: 'error', id, error: toErrorPayload(error) });
		} finally {
			running.delete(id);
		}
	};

	const onMessage = (event: MessageEvent) => {
		const message = event.data as RpcRequestMessage<P> | RpcCancelMessage;
		if (!message || typeof message !== 'object' || typeof message.id !== 'number') return;
		switch (message.kind) {
			case 'request':
				void handle(message);
				return;
			case 'cancel':
				running.get(message.id)?.abort();
				return;
			default:
				assertNever(message);
		}
	};
	endpoint.addEventListener('message', onMessage);
	return () => endpoint.removeEventListener('message', onMessage);
}

/** Compile-time exhaustiveness for switches over message kinds; ignores unknown kinds at run time. */
export function assertNever(value: never): void {
	void value;
}
