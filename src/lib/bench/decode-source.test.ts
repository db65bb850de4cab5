import { describe, expect, it } from 'vitest';
import { decodeSourceNote, formatDecode } from './decode-source';

describe('decode source labels', () => {
	it("labels a server's figure as the server's, and an on-device runtime's as the runtime's", () => {
		expect(formatDecode(412.3, 'server', 'remote')).toBe("412 tok/s (server's figure)");
		expect(formatDecode(41.25, 'server', 'device')).toBe("41.3 tok/s (runtime's figure)");
		expect(formatDecode(412.3, 'client', 'remote')).toBe('412 tok/s');
		expect(formatDecode(412.3, undefined, 'remote')).toBe('412 tok/s');
		expect(formatDecode(null, 'server', 'remote')).toBe('—');
	});

	it('over a benchmark, says how many runs the server timed when not all', () => {
		expect(decodeSourceNote({ server: 5, of: 5 }, 'remote')).toBe(" (server's figure)");
		expect(decodeSourceNote({ server: 2, of: 5 }, 'remote')).toBe(" (server's figure in 2 of 5 runs)");
		expect(decodeSourceNote({ server: 0, of: 5 }, 'remote')).toBe('');
	});
});
