import { describe, expect, it } from 'vitest';
import {
	createRpcClient,
	RpcClosedError,
	RpcError,
	serveRpc,
	toErrorPayload,
	withTransfer,
	type RpcEndpoint
} from './worker-rpc';

type TestProtocol = {
	add: { request: { a: number; b: number }; result: number; progress: never };
	count: { request: { to: number }; result: 'done'; progress: { n: number } };
	wait: { request: null; result: 'aborted'; progress: never };
	fail: { request: null; result: never; progress: never };
	bytes: { request: { size: number }; result: ArrayBuffer; progress: never };
};

interface Posted {
	message: unknown;
	transfer: Transferable[];
}

/** Two linked endpoints with a recorded postMessage, delivering like a real port (asynchronously). */
function channel() {
	const make = () => {
		const listeners = new Set<(event: MessageEvent) => void>();
		const posted: Posted[] = [];
		const endpoint: RpcEndpoint & { peer?: typeof listeners } = {
			postMessage(message, transfer = []) {
				posted.push({ message, transfer });
				const peer = endpoint.peer!;
				setTimeout(() => peer.forEach((l) => l({ data: message } as MessageEvent)));
			},
			addEventListener: (_type, listener) => listeners.add(listener),
			removeEventListener: (_type, listener) => listeners.delete(listener)
		};
		return { endpoint, listeners, posted };
	};
	const page = make();
	const worker = make();
	page.endpoint.peer = worker.listeners;
	worker.endpoint.peer = page.listeners;
	return { page, worker };
}

function setup() {
	const { page, worker } = channel();
	const stop = serveRpc<TestProtocol>(worker.endpoint, {
		add: ({ a, b }) => a + b,
		async count({ to }, ctx) {
			for (let n = 1; n <= to; n++) ctx.progress({ n });
			return 'done' as const;
		},
		wait: (_payload, ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve('aborted'))),
		fail() {
			const error = new Error('The model folder has no tokenizer.json; add it and load again.');
			error.name = 'MissingTokenizerError';
			throw error;
		},
		bytes: ({ size }) => {
			const buffer = new ArrayBuffer(size);
			return withTransfer(buffer, [buffer]);
		}
	});
	const client = createRpcClient<TestProtocol>(page.endpoint);
	return { page, worker, client, stop };
}

describe('worker RPC', () => {
	it('sends a request with an id and resolves with the matching result', async () => {
		const { page, worker, client } = setup();
		await expect(client.call('add', { a: 2, b: 3 })).resolves.toBe(5);
		expect(page.posted).toEqual([
			{ message: { kind: 'request', id: 1, name: 'add', payload: { a: 2, b: 3 } }, transfer: [] }
		]);
		expect(worker.posted).toEqual([{ message: { kind: 'result', id: 1, payload: 5 }, transfer: [] }]);
		expect(client.pending).toBe(0);
	});

	it('matches concurrent replies to their requests by id', async () => {
		const { client } = setup();
		const results = await Promise.all([client.call('add', { a: 1, b: 1 }), client.call('add', { a: 10, b: 5 })]);
		expect(results).toEqual([2, 15]);
	});

	it('streams progress before the result, in order', async () => {
		const { worker, client } = setup();
		const seen: number[] = [];
		await expect(client.call('count', { to: 3 }, { onProgress: (p) => seen.push(p.n) })).resolves.toBe('done');
		expect(seen).toEqual([1, 2, 3]);
		expect(worker.posted.map((p) => p.message)).toEqual([
			{ kind: 'progress', id: 1, payload: { n: 1 } },
			{ kind: 'progress', id: 1, payload: { n: 2 } },
			{ kind: 'progress', id: 1, payload: { n: 3 } },
			{ kind: 'result', id: 1, payload: 'done' }
		]);
	});

	it('turns a thrown error into { name, message } and rebuilds it with the same name', async () => {
		const { worker, client } = setup();
		const error = await client.call('fail', null).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(RpcError);
		expect((error as RpcError).name).toBe('MissingTokenizerError');
		expect((error as RpcError).message).toMatch(/no tokenizer\.json/);
		expect(worker.posted[0]?.message).toEqual({
			kind: 'error',
			id: 1,
			error: {
				name: 'MissingTokenizerError',
				message: 'The model folder has no tokenizer.json; add it and load again.'
			}
		});
	});

	it('sends a cancel message on abort, which the handler sees as its signal', async () => {
		const { page, client } = setup();
		const controller = new AbortController();
		const result = client.call('wait', null, { signal: controller.signal });
		await new Promise((r) => setTimeout(r, 5));
		controller.abort();
		await expect(result).resolves.toBe('aborted');
		expect(page.posted.map((p) => p.message)).toEqual([
			{ kind: 'request', id: 1, name: 'wait', payload: null },
			{ kind: 'cancel', id: 1 }
		]);
	});

	it('passes transferables on both sides', async () => {
		const { page, worker, client } = setup();
		const input = new ArrayBuffer(8);
		const buffer = await client.call('bytes', { size: 16 }, { transfer: [input] });
		expect(buffer.byteLength).toBe(16);
		expect(page.posted[0]?.transfer).toEqual([input]);
		expect(worker.posted[0]?.transfer).toEqual([buffer]);
		expect(worker.posted[0]?.message).toEqual({ kind: 'result', id: 1, payload: buffer });
	});

	it('answers an unknown name with an error instead of hanging', async () => {
		const { client } = setup();
		const call = (client.call as (name: string, payload: unknown) => Promise<unknown>)('nope', 1);
		await expect(call).rejects.toMatchObject({ name: 'UnknownRpcMessageError' });
	});

	it('rejects pending calls when closed or when the worker fails', async () => {
		const { client, stop } = setup();
		stop();
		const pending = client.call('add', { a: 1, b: 2 });
		client.failAll(new RpcClosedError('worker crashed'));
		await expect(pending).rejects.toMatchObject({ name: 'RpcClosedError', message: 'worker crashed' });
		const again = client.call('add', { a: 1, b: 2 });
		client.close();
		await expect(again).rejects.toBeInstanceOf(RpcClosedError);
		expect(client.pending).toBe(0);
	});
});

describe('toErrorPayload', () => {
	it('keeps an error class name, passes a payload through, and names anything else Error', () => {
		expect(toErrorPayload(new RpcClosedError('gone'))).toEqual({ name: 'RpcClosedError', message: 'gone' });
		expect(toErrorPayload({ name: 'CloudOfflineError', message: 'offline', extra: 1 })).toEqual({
			name: 'CloudOfflineError',
			message: 'offline'
		});
		expect(toErrorPayload('boom')).toEqual({ name: 'Error', message: 'boom' });
		expect(toErrorPayload({ name: 3, message: 'not a payload' })).toEqual({
			name: 'Error',
			message: '[object Object]'
		});
	});
});
