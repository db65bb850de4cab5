import { describe, expect, it, vi } from 'vitest';
import { EventManager } from './events';

type TestEvents = {
	saved: [id: string, runs: number];
	cleared: [];
};

describe('EventManager', () => {
	it('calls every handler of an event with its arguments, in the order they subscribed, and no other', () => {
		const bus = new EventManager<TestEvents>();
		const heard: string[] = [];
		bus.on('saved', (id, runs) => void heard.push(`a ${id} ${runs}`));
		bus.on('saved', (id) => void heard.push(`b ${id}`));
		bus.on('cleared', () => void heard.push('cleared'));
		bus.emit('saved', 'r1', 3);
		expect(heard).toEqual(['a r1 3', 'b r1']);
		bus.emit('cleared');
		expect(heard).toEqual(['a r1 3', 'b r1', 'cleared']);
	});

	// Checked when npm test type-checks the tests: an @ts-expect-error that no longer errors fails that stage.
	it('types each event by the map: a wrong name, argument or handler does not compile', () => {
		const bus = new EventManager<TestEvents>();
		// @ts-expect-error: no such event
		bus.on('removed', () => {});
		// @ts-expect-error: runs is a number
		bus.emit('saved', 'r1', '3');
		// @ts-expect-error: saved needs its arguments
		bus.emit('saved');
		// @ts-expect-error: the handler's first argument is a string
		bus.on('saved', (id: number) => void id);
	});

	it('stops calling a handler once its unsubscribe is called, and only that subscription', () => {
		const bus = new EventManager<TestEvents>();
		const handler = vi.fn();
		const stopFirst = bus.on('cleared', handler);
		bus.on('cleared', handler);
		bus.emit('cleared');
		expect(handler).toHaveBeenCalledTimes(2);
		stopFirst();
		stopFirst();
		bus.emit('cleared');
		expect(handler).toHaveBeenCalledTimes(3);
	});

	it('a handler that throws, or whose promise rejects, is reported and the others still hear the event', async () => {
		const reported: [string, unknown][] = [];
		const bus = new EventManager<TestEvents>((event, error) => reported.push([event, error]));
		const thrown = new Error('list refresh failed');
		const rejected = new Error('store closed');
		const after = vi.fn();
		bus.on('saved', () => {
			throw thrown;
		});
		bus.on('saved', async () => {
			throw rejected;
		});
		bus.on('saved', after);
		bus.emit('saved', 'r1', 1);
		expect(after).toHaveBeenCalledWith('r1', 1);
		await Promise.resolve();
		expect(reported).toEqual([
			['saved', thrown],
			['saved', rejected]
		]);
	});

	it('a handler added while an event is delivered hears the next one, not this one', () => {
		const bus = new EventManager<TestEvents>();
		const late = vi.fn();
		bus.on('cleared', () => void bus.on('cleared', late));
		bus.emit('cleared');
		expect(late).not.toHaveBeenCalled();
		bus.emit('cleared');
		expect(late).toHaveBeenCalledTimes(1);
	});

	it('emitSettled resolves once every handler has finished, and reports a failed one as emit does', async () => {
		const reported: string[] = [];
		const bus = new EventManager<TestEvents>((event) => reported.push(event));
		const done: string[] = [];
		bus.on('cleared', async () => {
			await new Promise((r) => setTimeout(r, 5));
			done.push('slow');
		});
		bus.on('cleared', async () => {
			throw new Error('no');
		});
		await bus.emitSettled('cleared');
		expect(done).toEqual(['slow']);
		expect(reported).toEqual(['cleared']);
	});
});
