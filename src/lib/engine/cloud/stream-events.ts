// From SSE events to OpenAI stream chunks, with the broken cases turned into their errors: a JSON body
// where a stream was asked for, an HTML page, an error object mid-stream, an event that is not JSON.
import { CloudNotJsonError, CloudNotStreamingError, CloudProtocolError, CloudStreamError } from './errors';
import { isHtml } from './http';
import { readSse } from './sse';
import { errorText, parseChunk, type ParsedChunk } from './wire';

export type StreamEvent = ParsedChunk | 'done';

export interface StreamBatch {
	events: StreamEvent[];
	totalChars: number;
	/** When the network read that carried these events was handed over (see SseChunk). */
	readMs: number;
}

/** A 2xx answer that is not an event stream is an error of its own kind; this reads and names it. */
export async function rejectNonStream(res: Response): Promise<void> {
	const contentType = res.headers.get('content-type') ?? '';
	if (contentType.includes('text/event-stream')) return;
	// Without a content type, trust the body only if it starts like SSE; that needs the text anyway.
	const text = await res.text();
	if (isHtml(contentType, text)) throw new CloudNotJsonError(res.url, contentType, text);
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		throw new CloudProtocolError(`a ${contentType || 'untyped'} body where a text/event-stream was expected`);
	}
	const error = (body as { error?: unknown })?.error;
	if (error) throw new CloudStreamError(errorText(error));
	throw new CloudNotStreamingError();
}

export async function* readStreamEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<StreamBatch> {
	for await (const batch of readSse(body)) {
		const events: StreamEvent[] = [];
		try {
			for (const event of batch.events) {
				const parsed = interpret(event.data.trim(), event.event);
				if (parsed) events.push(parsed);
			}
		} catch (err) {
			// Content that came before the bad event in the same network chunk still counts.
			if (events.length) yield { events, totalChars: batch.totalChars, readMs: batch.readMs };
			throw err;
		}
		yield { events, totalChars: batch.totalChars, readMs: batch.readMs };
	}
}

function interpret(data: string, eventName: string | undefined): StreamEvent | null {
	if (data === '[DONE]') return 'done';
	// Some servers send keep-alives with empty data.
	if (!data) return null;
	let value: unknown;
	try {
		value = JSON.parse(data);
	} catch {
		if (isHtml('', data)) throw new CloudNotJsonError('the stream', 'HTML', data);
		throw new CloudProtocolError(`an event whose data is not JSON (${JSON.stringify(data.slice(0, 60))})`);
	}
	const chunk = parseChunk(value);
	if (!chunk) throw new CloudProtocolError('an event that is not a JSON object');
	if (chunk.errorMessage !== null || eventName === 'error')
		throw new CloudStreamError(chunk.errorMessage ?? errorText(value));
	return chunk;
}
