import { describe, expect, it } from 'vitest';
import { FifoQueue, QueueClosedError, QueueFullError } from './queue';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('FifoQueue', () => {
	it('runs up to maxConcurrent, hands slots over in arrival order, refuses beyond maxQueue', async () => {
		const queue = new FifoQueue(1, 2);
		const started: string[] = [];
		const releaseA = await queue.acquire(new AbortController().signal);
		const b = queue.acquire(new AbortController().signal).then((release) => (started.push('b'), release));
		const c = queue.acquire(new AbortController().signal).then((release) => (started.push('c'), release));
		expect(queue.waiting).toBe(2);
		await expect(queue.acquire(new AbortController().signal)).rejects.toBeInstanceOf(QueueFullError);
		expect(() => queue.rejectIfFull()).toThrow(QueueFullError);
		releaseA();
		const releaseB = await b;
		await tick();
		expect(started).toEqual(['b']);
		expect(queue.running).toBe(1);
		releaseB();
		releaseB(); // releasing twice must not free a second slot
		(await c)();
		expect(started).toEqual(['b', 'c']);
		expect(queue.running).toBe(0);
	});

	it('a waiter whose signal aborts leaves the line without taking a slot', async () => {
		const queue = new FifoQueue(1, 4);
		const release = await queue.acquire(new AbortController().signal);
		const leaver = new AbortController();
		const waiting = queue.acquire(leaver.signal);
		leaver.abort(new Error('gone'));
		await expect(waiting).rejects.toThrow('gone');
		expect(queue.waiting).toBe(0);
		release();
		expect(queue.running).toBe(0);
	});

	it('close() refuses new work and fails waiters; drained() waits for running jobs', async () => {
		const queue = new FifoQueue(1, 4);
		const release = await queue.acquire(new AbortController().signal);
		const waiting = queue.acquire(new AbortController().signal);
		queue.close();
		await expect(waiting).rejects.toBeInstanceOf(QueueClosedError);
		await expect(queue.acquire(new AbortController().signal)).rejects.toBeInstanceOf(QueueClosedError);
		expect(await queue.drained(20)).toBe(false);
		release();
		expect(await queue.drained(20)).toBe(true);
	});

	it('Retry-After is at least 1 s and grows with the line', async () => {
		const queue = new FifoQueue(1, 0);
		await queue.acquire(new AbortController().signal);
		const err = await queue.acquire(new AbortController().signal).catch((e: QueueFullError) => e);
		expect(err).toBeInstanceOf(QueueFullError);
		expect((err as QueueFullError).retryAfterS).toBeGreaterThanOrEqual(1);
	});
});
