// Where a generated model's files go. The generator only knows this interface: the Node CLI writes to a
// temporary folder and renames it at the end; the browser worker writes into Cache Storage.
// Paths are relative to the model folder ('config.json', 'onnx/model_q4.onnx').

export interface ModelFileSink {
	write(chunk: Uint8Array): Promise<void>;
	close(): Promise<void>;
}

export interface ModelWriter {
	writeFile(path: string, data: Uint8Array | string): Promise<void>;
	/** Streams a big file; without it, big files are assembled in memory and passed to writeFile. */
	openFile?(path: string): Promise<ModelFileSink>;
}

const FLUSH_BYTES = 4 * 1024 * 1024;

/**
 * Opens `path` for streaming. Small writes (protobuf framing is a few bytes at a time) are gathered into
 * chunks of a few MiB before they reach the writer, so a Cache Storage or file stream sees few calls.
 */
export async function openSink(writer: ModelWriter, path: string): Promise<ModelFileSink & { bytesWritten(): number }> {
	const target = writer.openFile ? await writer.openFile(path) : memorySink((data) => writer.writeFile(path, data));
	let pending: Uint8Array[] = [];
	let pendingBytes = 0;
	let total = 0;
	const flush = async () => {
		if (pendingBytes === 0) return;
		const chunk = pending.length === 1 ? pending[0]! : concat(pending, pendingBytes);
		pending = [];
		pendingBytes = 0;
		await target.write(chunk);
	};
	return {
		async write(chunk) {
			total += chunk.length;
			if (chunk.length >= FLUSH_BYTES) {
				await flush();
				await target.write(chunk);
				return;
			}
			// Copy: callers may reuse their buffers once write returns.
			pending.push(chunk.slice());
			pendingBytes += chunk.length;
			if (pendingBytes >= FLUSH_BYTES) await flush();
		},
		async close() {
			await flush();
			await target.close();
		},
		bytesWritten: () => total
	};
}

function memorySink(done: (data: Uint8Array) => Promise<void>): ModelFileSink {
	const parts: Uint8Array[] = [];
	let bytes = 0;
	return {
		async write(chunk) {
			parts.push(chunk);
			bytes += chunk.length;
		},
		close: () => done(concat(parts, bytes))
	};
}

function concat(parts: Uint8Array[], bytes: number): Uint8Array {
	const out = new Uint8Array(bytes);
	let offset = 0;
	for (const p of parts) {
		out.set(p, offset);
		offset += p.length;
	}
	return out;
}

/** Keeps every file in memory: for tests and small models. */
export class MemoryModelWriter implements ModelWriter {
	readonly files = new Map<string, Uint8Array>();

	async writeFile(path: string, data: Uint8Array | string): Promise<void> {
		this.files.set(path, typeof data === 'string' ? new TextEncoder().encode(data) : data);
	}
}
