/**
 * Narrowing for tests: an index past the end, or a value a test expected to exist, fails with a message that
 * names what was missing instead of a TypeError several lines later.
 */
export function must<T>(value: T | undefined | null, what: string): T {
	if (value === undefined || value === null) throw new Error(`expected ${what}, found ${String(value)}`);
	return value;
}

export function at<T>(items: ArrayLike<T>, index: number): T {
	if (!Number.isInteger(index) || index < 0 || index >= items.length)
		throw new Error(`expected an element at index ${index}, but there are ${items.length}`);
	return items[index] as T;
}
