// A result shared as a link: the export file, compressed (deflate-raw through CompressionStream where the
// browser has it) and base64url-encoded, sits in the URL's fragment. Browsers never send the fragment to
// a server, so opening the link hands the data to the app only; the page that reads it makes no request
// carrying it. A link longer than SHARE_LINK_MAX_CHARS is refused, and the result goes out as a file.
import { exportJson, importJson } from './export';
import type { ResultRecord } from './schema';

/** Longest link offered. Browsers take far more; mail and chat apps differ, and past this a file is kinder. */
export const SHARE_LINK_MAX_CHARS = 60_000;
/** The fragment's key: `#result=z.<deflate-raw, base64url>` or `#result=j.<JSON, base64url>`. */
export const SHARE_PARAM = 'result';

export class ShareLinkTooLongError extends Error {
	override name = 'ShareLinkTooLongError';
	constructor(readonly chars: number) {
		super(
			`This result makes a ${chars.toLocaleString('en-US')}-character link, over the ${SHARE_LINK_MAX_CHARS.toLocaleString('en-US')} a link may have; share it as a file instead.`
		);
	}
}

export class ShareLinkUnreadableError extends Error {
	override name = 'ShareLinkUnreadableError';
	constructor(cause: string) {
		super(`This link does not hold a readable Edgewise result (${cause}); ask for the result as a file instead.`);
	}
}

function toBase64Url(bytes: Uint8Array): string {
	let binary = '';
	for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
	const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
	return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function through(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
	const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
	return new Uint8Array(await new Response(out).arrayBuffer());
}

const canCompress = () => typeof CompressionStream === 'function';

/** The fragment payload (`z.` or `j.` then base64url) for one result. */
export async function encodeShare(record: ResultRecord, appVersion: string): Promise<string> {
	const json = new TextEncoder().encode(exportJson([record], appVersion));
	return canCompress()
		? `z.${toBase64Url(await through(json, new CompressionStream('deflate-raw')))}`
		: `j.${toBase64Url(json)}`;
}

/** The link for one result on this app's page `pageUrl`; throws ShareLinkTooLongError past the limit. */
export async function shareLink(record: ResultRecord, appVersion: string, pageUrl: string): Promise<string> {
	const url = new URL(pageUrl);
	url.hash = `${SHARE_PARAM}=${await encodeShare(record, appVersion)}`;
	const link = url.toString();
	if (link.length > SHARE_LINK_MAX_CHARS) throw new ShareLinkTooLongError(link.length);
	return link;
}

/** The result in a fragment (`#result=...`, with or without the `#`); null when the fragment holds none. */
export async function decodeShare(fragment: string): Promise<ResultRecord | null> {
	const payload = new URLSearchParams(fragment.replace(/^#/, '')).get(SHARE_PARAM);
	if (!payload) return null;
	const [kind, data] = [payload.slice(0, 2), payload.slice(2)];
	let bytes: Uint8Array;
	try {
		if (kind === 'z.') {
			if (typeof DecompressionStream !== 'function') throw new Error('this browser cannot decompress it');
			bytes = await through(fromBase64Url(data), new DecompressionStream('deflate-raw'));
		} else if (kind === 'j.') bytes = fromBase64Url(data);
		else throw new Error(`unknown encoding '${kind}'`);
	} catch (error) {
		throw new ShareLinkUnreadableError(error instanceof Error ? error.message : String(error));
	}
	const records = importJson(new TextDecoder().decode(bytes));
	if (records.length !== 1) throw new ShareLinkUnreadableError(`${records.length} results instead of one`);
	return records[0]!; // length checked on the line above
}
