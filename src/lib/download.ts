// Saving text as a file from the page (an export, a result too long to share as a link): a link to a Blob
// URL, clicked, then let go. The URL is revoked a tick later, once the browser has started the download.
export function downloadText(name: string, text: string, type: string): void {
	const url = URL.createObjectURL(new Blob([text], { type }));
	const a = Object.assign(document.createElement('a'), { href: url, download: name });
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 0);
}
