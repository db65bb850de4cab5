// Turns a byte stream into server-sent events with eventsource-parser. Bytes are decoded with a
// streaming TextDecoder, so a multi-byte character split across network chunks survives; the parser
// handles lines and events split anywhere.
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { nowMs } from '../types';

export interface SseChunk {
	/** Events completed by this network chunk, in order. */
	events: EventSourceMessage[];
	/** Characters decoded so far, for error messages. */
	totalChars: number;
	/** Epoch ms when the read that completed these events was handed over, before any decoding or parsing:
	 * the arrival stamp of their tokens. */
	readMs: number;
}

/** Yields once per network chunk that completes at least one event, so callers can timestamp arrivals. */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseChunk> {
	const decoder = new TextDecoder();
	let pending: EventSourceMessage[] = [];
	const parser = createParser({ onEvent: (event) => pending.push(event) });
	const reader = body.getReader();
	let totalChars = 0;
	let finished = false;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			const readMs = nowMs();
			const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
			totalChars += text.length;
			if (text) parser.feed(text);
			// A final event without its blank line still counts, as browsers' EventSource does not
			// guarantee; servers that end on "data: [DONE]\n" without "\n\n" exist.
			if (done) parser.reset({ consume: true });
			if (pending.length) {
				const events = pending;
				pending = [];
				yield { events, totalChars, readMs };
			}
			if (done) {
				finished = true;
				return;
			}
		}
	} finally {
		// A consumer that stops early (error, cancel) closes the connection rather than leaving it open.
		if (!finished) await reader.cancel().catch(() => undefined);
		reader.releaseLock();
	}
}
