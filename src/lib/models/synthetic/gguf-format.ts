// The GGUF v3 container (ggml's docs/gguf.md) and llama.cpp's Q8_0 / Q4_0 block formats, as the
// synthetic generator writes them. Isomorphic (no Node API) and deterministic.
//
// File: "GGUF", uint32 version 3, uint64 tensor count, uint64 metadata count, metadata key/values,
// tensor infos (name, n_dims, dims innermost first, ggml type, offset into the data section), padding
// to the alignment, then each tensor's bytes padded to the alignment. Little-endian throughout;
// strings are uint64 length + UTF-8 bytes.
//
// Blocks hold 32 consecutive elements of a row (the innermost dimension, the input side of a weight):
// - Q8_0 (34 bytes): fp16 scale d = max|x| / 127, then 32 int8 q = round(x / d); x = d * q.
// - Q4_0 (18 bytes): fp16 scale d = (the element of largest magnitude) / -8, then 16 bytes: element j
//   in the low nibble of byte j, element j + 16 in the high nibble; q = min(15, trunc(x / d + 8.5)),
//   x = d * (q - 8). Same arithmetic as ggml's quantize_row_q8_0_ref / quantize_row_q4_0_ref.

export const GGUF_VERSION = 3;
export const GGUF_ALIGNMENT = 32;
export const QK = 32;

/** ggml tensor types this generator writes (ggml.h `enum ggml_type`). */
export const GGML_TYPE = { F32: 0, F16: 1, Q4_0: 2, Q8_0: 8 } as const;
export type GgmlTypeName = keyof typeof GGML_TYPE;

/** Bytes per block and elements per block of each type. */
export const TYPE_LAYOUT: Record<GgmlTypeName, { blockBytes: number; blockElements: number }> = {
	F32: { blockBytes: 4, blockElements: 1 },
	F16: { blockBytes: 2, blockElements: 1 },
	Q4_0: { blockBytes: 18, blockElements: QK },
	Q8_0: { blockBytes: 34, blockElements: QK }
};

/** gguf_metadata_value_type. */
export const GGUF_VALUE = {
	UINT8: 0,
	INT8: 1,
	UINT16: 2,
	INT16: 3,
	UINT32: 4,
	INT32: 5,
	FLOAT32: 6,
	BOOL: 7,
	STRING: 8,
	ARRAY: 9,
	UINT64: 10,
	INT64: 11,
	FLOAT64: 12
} as const;

export type GgufValue =
	| { type: 'u32'; value: number }
	| { type: 'i32'; value: number }
	| { type: 'f32'; value: number }
	| { type: 'bool'; value: boolean }
	| { type: 'string'; value: string }
	| { type: 'string[]'; value: readonly string[] }
	| { type: 'i32[]'; value: readonly number[] }
	| { type: 'f32[]'; value: readonly number[] };

export interface GgufTensorInfo {
	name: string;
	/** Innermost first, as ggml's ne[]. */
	dims: number[];
	type: GgmlTypeName;
}

export class GgufFormatError extends Error {
	override name = 'GgufFormatError';
}

export function tensorByteSize(info: GgufTensorInfo): number {
	const { blockBytes, blockElements } = TYPE_LAYOUT[info.type];
	const row = info.dims[0];
	if (row === undefined) throw new GgufFormatError(`Tensor ${info.name} has no dimensions; give it at least one.`);
	if (row % blockElements !== 0)
		throw new GgufFormatError(
			`Tensor ${info.name} has rows of ${row} elements, not a multiple of ${blockElements} as ${info.type} needs; store it as F32.`
		);
	const count = info.dims.reduce((a, b) => a * b, 1);
	return (count / blockElements) * blockBytes;
}

export const alignUp = (n: number, alignment = GGUF_ALIGNMENT) => Math.ceil(n / alignment) * alignment;

/** Appends little-endian values to a growing buffer. */
class ByteWriter {
	private buffer = new Uint8Array(1 << 16);
	private view = new DataView(this.buffer.buffer);
	length = 0;

	private reserve(extra: number): void {
		if (this.length + extra <= this.buffer.length) return;
		let size = this.buffer.length * 2;
		while (size < this.length + extra) size *= 2;
		const next = new Uint8Array(size);
		next.set(this.buffer.subarray(0, this.length));
		this.buffer = next;
		this.view = new DataView(next.buffer);
	}

	u32(v: number) {
		this.reserve(4);
		this.view.setUint32(this.length, v, true);
		this.length += 4;
	}
	i32(v: number) {
		this.reserve(4);
		this.view.setInt32(this.length, v, true);
		this.length += 4;
	}
	f32(v: number) {
		this.reserve(4);
		this.view.setFloat32(this.length, v, true);
		this.length += 4;
	}
	u64(v: number) {
		this.reserve(8);
		this.view.setBigUint64(this.length, BigInt(v), true);
		this.length += 8;
	}
	u8(v: number) {
		this.reserve(1);
		this.buffer[this.length++] = v;
	}
	bytes(b: Uint8Array) {
		this.reserve(b.length);
		this.buffer.set(b, this.length);
		this.length += b.length;
	}
	string(s: string) {
		const b = utf8.encode(s);
		this.u64(b.length);
		this.bytes(b);
	}
	padTo(alignment: number) {
		while (this.length % alignment !== 0) this.u8(0);
	}
	result(): Uint8Array {
		return this.buffer.slice(0, this.length);
	}
}

const utf8 = new TextEncoder();

function writeValue(w: ByteWriter, v: GgufValue): void {
	const array = (elementType: number, count: number, each: (i: number) => void) => {
		w.u32(GGUF_VALUE.ARRAY);
		w.u32(elementType);
		w.u64(count);
		for (let i = 0; i < count; i++) each(i);
	};
	switch (v.type) {
		case 'u32':
			return (w.u32(GGUF_VALUE.UINT32), w.u32(v.value));
		case 'i32':
			return (w.u32(GGUF_VALUE.INT32), w.i32(v.value));
		case 'f32':
			return (w.u32(GGUF_VALUE.FLOAT32), w.f32(v.value));
		case 'bool':
			return (w.u32(GGUF_VALUE.BOOL), w.u8(v.value ? 1 : 0));
		case 'string':
			return (w.u32(GGUF_VALUE.STRING), w.string(v.value));
		case 'string[]':
			return array(GGUF_VALUE.STRING, v.value.length, (i) => w.string(v.value[i]!));
		case 'i32[]':
			return array(GGUF_VALUE.INT32, v.value.length, (i) => w.i32(v.value[i]!));
		case 'f32[]':
			return array(GGUF_VALUE.FLOAT32, v.value.length, (i) => w.f32(v.value[i]!));
	}
}

export interface GgufHeader {
	/** Everything before the first tensor's bytes, padding included. */
	bytes: Uint8Array;
	/** Each tensor's offset from the start of the data section, and its size without padding. */
	tensors: { info: GgufTensorInfo; offset: number; size: number }[];
	/** Size of the data section, the last tensor's padding included. */
	dataBytes: number;
}

/** Header, metadata and tensor infos; tensor data follows in the given order, each padded to 32 bytes. */
export function encodeGgufHeader(metadata: [string, GgufValue][], tensors: GgufTensorInfo[]): GgufHeader {
	const w = new ByteWriter();
	w.bytes(utf8.encode('GGUF'));
	w.u32(GGUF_VERSION);
	w.u64(tensors.length);
	w.u64(metadata.length);
	for (const [key, value] of metadata) {
		w.string(key);
		writeValue(w, value);
	}
	let offset = 0;
	const placed = tensors.map((info) => {
		const size = tensorByteSize(info);
		const entry = { info, offset, size };
		offset = alignUp(offset + size);
		return entry;
	});
	for (const { info, offset: at } of placed) {
		w.string(info.name);
		w.u32(info.dims.length);
		for (const d of info.dims) w.u64(d);
		w.u32(GGML_TYPE[info.type]);
		w.u64(at);
	}
	w.padTo(GGUF_ALIGNMENT);
	return { bytes: w.result(), tensors: placed, dataBytes: offset };
}

const f32Scratch = new Float32Array(1);
const u32Scratch = new Uint32Array(f32Scratch.buffer);

/** float32 -> IEEE half, round to nearest even (what F16C's vcvtps2ph and ggml's fallback do). */
export function toFloat16Bits(value: number): number {
	f32Scratch[0] = value;
	const x = u32Scratch[0]!; // a one-element view
	const sign = (x >>> 16) & 0x8000;
	const exp = (x >>> 23) & 0xff;
	let mant = x & 0x7fffff;
	if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
	const e = exp - 127 + 15;
	if (e >= 0x1f) return sign | 0x7c00;
	if (e <= 0) {
		if (e < -10) return sign;
		mant |= 0x800000;
		const shift = 14 - e;
		const half = 1 << (shift - 1);
		let h = mant >>> shift;
		const rest = mant & ((1 << shift) - 1);
		if (rest > half || (rest === half && h & 1)) h++;
		return sign | h;
	}
	let h = (e << 10) | (mant >>> 13);
	const rest = mant & 0x1fff;
	// A carry out of the mantissa correctly bumps the exponent (up to infinity).
	if (rest > 0x1000 || (rest === 0x1000 && h & 1)) h++;
	return sign | h;
}

export function fromFloat16Bits(h: number): number {
	const sign = h & 0x8000 ? -1 : 1;
	const exp = (h >>> 10) & 0x1f;
	const mant = h & 0x3ff;
	if (exp === 0) return sign * mant * 2 ** -24;
	if (exp === 0x1f) return mant ? NaN : sign * Infinity;
	return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** Encodes rows of float32 values (row length a multiple of 32 for the block types) as `type`. */
export function encodeTensorData(values: Float32Array, type: GgmlTypeName): Uint8Array {
	if (type === 'F32')
		return new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
	if (type === 'F16') {
		const out = new Uint16Array(values.length);
		for (let i = 0; i < values.length; i++) out[i] = toFloat16Bits(values[i]!);
		return new Uint8Array(out.buffer);
	}
	const blocks = values.length / QK;
	const { blockBytes } = TYPE_LAYOUT[type];
	const out = new Uint8Array(blocks * blockBytes);
	const view = new DataView(out.buffer);
	// Within each block every index j < QK is in range: the length is a whole number of blocks.
	for (let b = 0; b < blocks; b++) {
		const x = values.subarray(b * QK, (b + 1) * QK);
		const at = b * blockBytes;
		if (type === 'Q8_0') {
			let amax = 0;
			for (let j = 0; j < QK; j++) amax = Math.max(amax, Math.abs(x[j]!));
			const d = Math.fround(amax / 127);
			const id = d ? Math.fround(1 / d) : 0;
			view.setUint16(at, toFloat16Bits(d), true);
			for (let j = 0; j < QK; j++) view.setInt8(at + 2 + j, roundHalfAway(Math.fround(x[j]! * id)));
		} else {
			let amax = 0;
			let max = 0;
			for (let j = 0; j < QK; j++)
				if (amax < Math.abs(x[j]!)) {
					amax = Math.abs(x[j]!);
					max = x[j]!;
				}
			const d = Math.fround(max / -8);
			const id = d ? Math.fround(1 / d) : 0;
			view.setUint16(at, toFloat16Bits(d), true);
			for (let j = 0; j < QK / 2; j++) {
				const lo = Math.min(15, Math.trunc(Math.fround(Math.fround(x[j]! * id) + 8.5)));
				const hi = Math.min(15, Math.trunc(Math.fround(Math.fround(x[j + QK / 2]! * id) + 8.5)));
				out[at + 2 + j] = lo | (hi << 4);
			}
		}
	}
	return out;
}

/** The float values a block-quantized (or F32/F16) tensor stands for, as llama.cpp dequantizes them. */
export function decodeTensorData(bytes: Uint8Array, type: GgmlTypeName, count: number): Float32Array {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const out = new Float32Array(count);
	if (type === 'F32') {
		for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
		return out;
	}
	if (type === 'F16') {
		for (let i = 0; i < count; i++) out[i] = fromFloat16Bits(view.getUint16(i * 2, true));
		return out;
	}
	const { blockBytes } = TYPE_LAYOUT[type];
	for (let b = 0; b < count / QK; b++) {
		const at = b * blockBytes;
		const d = fromFloat16Bits(view.getUint16(at, true));
		for (let j = 0; j < QK; j++) {
			if (type === 'Q8_0') out[b * QK + j] = d * view.getInt8(at + 2 + j);
			else {
				const byte = bytes[at + 2 + (j % (QK / 2))]!; // the view above read the same block
				const q = j < QK / 2 ? byte & 0x0f : byte >>> 4;
				out[b * QK + j] = d * (q - 8);
			}
		}
	}
	return out;
}

/** C's roundf: halves away from zero (Math.round rounds -2.5 to -2). */
function roundHalfAway(x: number): number {
	return Math.sign(x) * Math.round(Math.abs(x));
}
