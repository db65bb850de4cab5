// GPT-2's byte-to-unicode map, the alphabet of byte-level BPE: every byte gets a printable character
// so tokens are plain strings. Printable Latin-1 bytes map to themselves; the rest (controls, space,
// 0x7F-0xA0, 0xAD) map to U+0100 onwards, in byte order. Same table as `bytes_to_unicode()` in GPT-2,
// HF tokenizers and @huggingface/tokenizers, so our tokens decode with their ByteLevel decoder.

function isPrintable(byte: number): boolean {
	return (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || (byte >= 0xae && byte <= 0xff);
}

/** BYTE_TO_CHAR[b] is the character that stands for byte b. */
export const BYTE_TO_CHAR: readonly string[] = (() => {
	const table: string[] = [];
	let next = 256;
	for (let byte = 0; byte < 256; byte++) table[byte] = String.fromCharCode(isPrintable(byte) ? byte : next++);
	return table;
})();

/** The 256 byte tokens in GPT-2's vocabulary order: printable bytes first, then the others. */
export const BYTE_TOKENS_IN_VOCAB_ORDER: readonly string[] = [
	...Array.from({ length: 256 }, (_, b) => b).filter(isPrintable),
	...Array.from({ length: 256 }, (_, b) => b).filter((b) => !isPrintable(b))
].map((b) => BYTE_TO_CHAR[b]!); // BYTE_TO_CHAR has all 256 bytes

const encoder = new TextEncoder();

/** The byte-level form of a piece of text: its UTF-8 bytes, one character per byte. */
export function toByteLevel(text: string): string {
	let out = '';
	for (const byte of encoder.encode(text)) out += BYTE_TO_CHAR[byte];
	return out;
}
