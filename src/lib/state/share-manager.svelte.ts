// Sharing one saved result: as a link whose data sits in the URL fragment (never sent to a server), or,
// when that link would be too long, as a downloaded file. Opening a link shows the result on
// /results/shared, where the person may keep it in this device's history.
import { resolve } from '$app/paths';
import { appVersion } from '$lib/bench/app-version';
import { exportJson } from '$lib/bench/export';
import { resultsStore } from '$lib/bench/results-store';
import type { ResultRecord } from '$lib/bench/schema';
import { decodeShare, shareLink, ShareLinkTooLongError } from '$lib/bench/share';
import { downloadText } from '$lib/download';
import { events } from './events';

export type ShareOutcome = { kind: 'link'; link: string } | { kind: 'file'; reason: string };

export class ShareManager {
	#outcome = $state.raw<{ recordId: string; outcome: ShareOutcome } | null>(null);
	#opened = $state.raw<{ record: ResultRecord | null; error: string | null; saved: boolean }>({
		record: null,
		error: null,
		saved: false
	});

	outcomeFor(recordId: string): ShareOutcome | null {
		return this.#outcome?.recordId === recordId ? this.#outcome.outcome : null;
	}

	/** The link for the result, or its file downloaded when the link would pass the limit. */
	async share(record: ResultRecord): Promise<void> {
		const page = `${location.origin}${resolve('/results/shared')}`;
		try {
			const link = await shareLink(record, appVersion(), page);
			this.#outcome = { recordId: record.id, outcome: { kind: 'link', link } };
			await navigator.clipboard?.writeText(link).catch(() => undefined);
		} catch (error) {
			if (!(error instanceof ShareLinkTooLongError)) throw error;
			downloadText(`edgewise-result-${record.id}.json`, exportJson([record], appVersion()), 'application/json');
			this.#outcome = { recordId: record.id, outcome: { kind: 'file', reason: error.message } };
		}
	}

	get opened() {
		return this.#opened;
	}

	/** Reads the result in this page's fragment. */
	async open(fragment: string): Promise<void> {
		try {
			const record = await decodeShare(fragment);
			this.#opened = {
				record,
				error: record ? null : 'This link holds no result: open a link made with Share as link.',
				saved: false
			};
		} catch (error) {
			this.#opened = { record: null, error: error instanceof Error ? error.message : String(error), saved: false };
		}
	}

	async keep(): Promise<void> {
		const record = this.#opened.record;
		if (!record) return;
		await resultsStore.importRecords([record]);
		events.emit('results.imported');
		this.#opened = { ...this.#opened, saved: true };
	}
}

export const share = new ShareManager();
