// A small GGUF v3 reader, written from ggml's docs/gguf.md independently of the writer, for tests: it
// parses the header, every metadata value and tensor info, checks the layout rules (alignment, data
// offsets inside the file, sizes per type) and returns tensors as float values.
import { decodeTensorData, type GgmlTypeName } from '../../src/lib/models/synthetic/gguf-format';

export type GgufReadValue = number | bigint | boolean | string | GgufReadValue[];

export interface GgufReadTensor {
	name: string;
	dims: number[];
	type: GgmlTypeName;
	/** Absolute offset in the file. */
	start: number;
	bytes: number;
}

export interface GgufFile {
	version: number;
	metadata: Map<string, GgufReadValue>;
	tensors: GgufReadTensor[];
	dataStart: number;
	tensor(name: string): Float32Array;
}

const TYPES: Record<number, { name: GgmlTypeName; blockBytes: number; blockElements: number }> = {
	0: { name: 'F32', blockBytes: 4, blockElements: 1 },
	1: { name: 'F16', blockBytes: 2, blockElements: 1 },
	2: { name: 'Q4_0', blockBytes: 18, blockElements: 32 },
	8: { name: 'Q8_0', blockBytes: 34, blockElements: 32 }
};

export class GgufReadError extends Error {
	override name = 'GgufReadError';
}

export function readGguf(file: Uint8Array): GgufFile {
	const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
	let at = 0;
	const need = (n: number) => {
		if (at + n > file.length) throw new GgufReadError(`Truncated at byte ${at} (needs ${n} more).`);
	};
	const u8 = () => (need(1), view.getUint8(at++));
	const u32 = () => (need(4), (at += 4), view.getUint32(at - 4, true));
	const u64 = () => (need(8), (at += 8), view.getBigUint64(at - 8, true));
	const num64 = () => {
		const v = u64();
		if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new GgufReadError(`A size of ${v} is too large.`);
		return Number(v);
	};
	const str = () => {
		const n = num64();
		need(n);
		const s = new TextDecoder('utf-8', { fatal: true }).decode(file.subarray(at, at + n));
		at += n;
		return s;
	};
	const value = (type: number): GgufReadValue => {
		switch (type) {
			case 0:
				return u8();
			case 1:
				return (need(1), view.getInt8(at++));
			case 2:
				return (need(2), (at += 2), view.getUint16(at - 2, true));
			case 3:
				return (need(2), (at += 2), view.getInt16(at - 2, true));
			case 4:
				return u32();
			case 5:
				return (need(4), (at += 4), view.getInt32(at - 4, true));
			case 6:
				return (need(4), (at += 4), view.getFloat32(at - 4, true));
			case 7: {
				const b = u8();
				if (b > 1) throw new GgufReadError(`A bool holds ${b}.`);
				return b === 1;
			}
			case 8:
				return str();
			case 9: {
				const elementType = u32();
				const count = num64();
				return Array.from({ length: count }, () => value(elementType));
			}
			case 10:
				return u64();
			case 11:
				return (need(8), (at += 8), view.getBigInt64(at - 8, true));
			case 12:
				return (need(8), (at += 8), view.getFloat64(at - 8, true));
			default:
				throw new GgufReadError(`Unknown metadata value type ${type} at byte ${at}.`);
		}
	};

	if (new TextDecoder().decode(file.subarray(0, 4)) !== 'GGUF') throw new GgufReadError('No GGUF magic.');
	at = 4;
	const version = u32();
	const tensorCount = num64();
	const kvCount = num64();
	const metadata = new Map<string, GgufReadValue>();
	for (let i = 0; i < kvCount; i++) {
		const key = str();
		if (metadata.has(key)) throw new GgufReadError(`Duplicate key ${key}.`);
		metadata.set(key, value(u32()));
	}
	const alignment = Number(metadata.get('general.alignment') ?? 32);
	const infos = Array.from({ length: tensorCount }, () => {
		const name = str();
		const dims = Array.from({ length: u32() }, num64);
		const typeId = u32();
		const offset = num64();
		const type = TYPES[typeId];
		if (!type) throw new GgufReadError(`Tensor ${name} has ggml type ${typeId}, which this reader does not know.`);
		if (offset % alignment !== 0) throw new GgufReadError(`Tensor ${name} is not aligned (${offset}).`);
		const row = dims[0];
		if (row === undefined) throw new GgufReadError(`Tensor ${name} has no dimensions.`);
		if (row % type.blockElements !== 0)
			throw new GgufReadError(`Tensor ${name}'s rows do not fill ${type.name} blocks.`);
		const count = dims.reduce((a, b) => a * b, 1);
		return { name, dims, type: type.name, offset, bytes: (count / type.blockElements) * type.blockBytes };
	});
	const dataStart = Math.ceil(at / alignment) * alignment;
	const tensors = infos.map(({ offset, ...t }) => ({ ...t, start: dataStart + offset }));
	const sorted = [...tensors].sort((a, b) => a.start - b.start);
	sorted.forEach((t, i) => {
		const end = t.start + t.bytes;
		if (end > file.length) throw new GgufReadError(`Tensor ${t.name} runs past the end of the file.`);
		const next = sorted[i + 1];
		if (next && end > next.start) throw new GgufReadError(`Tensor ${t.name} overlaps ${next.name}.`);
	});
	return {
		version,
		metadata,
		tensors,
		dataStart,
		tensor(name) {
			const t = tensors.find((x) => x.name === name);
			if (!t) throw new GgufReadError(`No tensor ${name}.`);
			return decodeTensorData(
				file.subarray(t.start, t.start + t.bytes),
				t.type,
				t.dims.reduce((a, b) => a * b, 1)
			);
		}
	};
}
