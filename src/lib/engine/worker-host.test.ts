// WorkerHost over a stand-in Worker that never answers and can crash: a crash rejects what was pending
// with a message naming the worker, a fresh worker starts on the next call, and a disposed host starts none.
import { describe, expect, it } from 'vitest';
import { WorkerHost } from './worker-host';
import type { RpcProtocol } from './worker-rpc';

type Echo = RpcProtocol & { ping: { request: null; response: string; progress: never } };

function silentWorker() {
	const listeners = new Map<string, Set<(event: { message?: string }) => void>>();
	let terminated = false;
	const worker = {
		postMessage() {},
		addEventListener(type: string, l: (event: { message?: string }) => void) {
			listeners.set(type, (listeners.get(type) ?? new Set()).add(l));
		},
		removeEventListener(type: string, l: (event: { message?: string }) => void) {
			listeners.get(type)?.delete(l);
		},
		terminate() {
			terminated = true;
		}
	};
	return {
		worker: worker as unknown as Worker,
		crash: (message: string) => listeners.get('error')?.forEach((l) => l({ message })),
		terminated: () => terminated
	};
}

describe('WorkerHost', () => {
	it('rejects pending calls when the worker crashes, ends it, and starts a fresh one on the next call', async () => {
		const workers: ReturnType<typeof silentWorker>[] = [];
		const events: string[] = [];
		const host = new WorkerHost<Echo>({
			createWorker: () => (workers.push(silentWorker()), workers.at(-1)!.worker),
			workerName: 'test worker',
			engineName: 'test engine',
			onStart: () => events.push('start'),
			onEnd: () => events.push('end')
		});
		expect(host.current).toBeNull();
		const pending = host.client().call('ping', null);
		workers[0]!.crash('out of memory');
		await expect(pending).rejects.toThrow('The test worker crashed: out of memory. Load the model again.');
		expect(workers[0]!.terminated()).toBe(true);
		expect(host.current).toBeNull();
		host.client();
		expect(workers).toHaveLength(2);
		expect(events).toEqual(['start', 'end', 'start']);
	});

	it('after dispose, releases first, ends the worker, and never starts another', async () => {
		const made = silentWorker();
		let ends = 0;
		const host = new WorkerHost<Echo>({
			createWorker: () => made.worker,
			workerName: 'test worker',
			engineName: 'test engine',
			onEnd: () => ends++
		});
		host.client();
		const order: string[] = [];
		await host.dispose(async () => {
			order.push(made.terminated() ? 'released after end' : 'released');
			throw new Error('the worker did not answer');
		});
		expect(order).toEqual(['released']);
		expect(made.terminated()).toBe(true);
		expect(ends).toBe(1);
		expect(() => host.client()).toThrow('This test engine was disposed; load a model again.');
		host.end();
		expect(ends).toBe(1);
	});
});
