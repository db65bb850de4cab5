import { describe, expect, it } from 'vitest';
import { freshLocalStorageEachTest } from './testing/memory-storage';
import { formOpen, SlotFormsManager } from './slot-forms.svelte';

freshLocalStorageEachTest();

describe('formOpen', () => {
	it('opens a slot until it is set up, then folds it', () => {
		expect(formOpen({ setUp: false, failed: false, chosen: undefined })).toBe(true);
		expect(formOpen({ setUp: true, failed: false, chosen: undefined })).toBe(false);
	});
	it('follows the person’s Edit or Done', () => {
		expect(formOpen({ setUp: true, failed: false, chosen: true })).toBe(true);
		expect(formOpen({ setUp: false, failed: false, chosen: false })).toBe(false);
	});
	it('always opens a slot with an error, whatever was chosen', () => {
		expect(formOpen({ setUp: false, failed: true, chosen: false })).toBe(true);
	});
});

describe('SlotFormsManager', () => {
	it('keeps each choice across a reload, and forgets a removed slot’s', () => {
		const forms = new SlotFormsManager();
		forms.set('local', true);
		forms.set('cloud', false);
		const reloaded = new SlotFormsManager();
		expect([reloaded.chosen('local'), reloaded.chosen('cloud'), reloaded.chosen('local-2')]).toEqual([
			true,
			false,
			undefined
		]);
		reloaded.forget('local');
		expect(new SlotFormsManager().chosen('local')).toBeUndefined();
	});
	it('starts empty from a stored value it cannot read', () => {
		localStorage.setItem('edgewise:slot-forms', JSON.stringify({ local: 'yes' }));
		expect(new SlotFormsManager().chosen('local')).toBeUndefined();
	});
});
