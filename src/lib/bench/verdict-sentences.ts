// The Compare page's verdict at a glance: one short sentence per engine against the baseline, read from the
// verdict's own lines (verdict.ts decides who leads and by what ratio; this only words it shorter), and the
// caveats the page has not already shown beside a pane.
import { formatRatio } from './format';
import { type Verdict, type VerdictCaveat, type VerdictLine } from './verdict';

export interface EngineSentence {
	id: string;
	text: string;
}

function part(line: VerdictLine | undefined, otherId: string, words: { ahead: string; behind: string; same: string }) {
	if (!line || line.ratio === null) return null;
	if (line.leaderId === null) return words.same;
	return `${formatRatio(line.ratio)} ${line.leaderId === otherId ? words.ahead : words.behind}`;
}

/** The baseline every sentence is against (named once, in the heading). */
export function baselineOf(verdict: Verdict): string | null {
	return verdict.comparisons[0]?.baselineId ?? null;
}

/**
 * "b decodes 1.8x faster; its first token comes 2.0x sooner." for every engine after the baseline, each against
 * the baseline (which the heading names once).
 */
export function engineSentences(verdict: Verdict, names: Record<string, string>): EngineSentence[] {
	return verdict.comparisons.map(({ otherId, lines }) => {
		const line = (metric: VerdictLine['metric']) => lines.find((l) => l.metric === metric);
		const decode = part(line('decode'), otherId, { ahead: 'faster', behind: 'slower', same: 'about as fast' });
		const ttft = part(line('ttft'), otherId, { ahead: 'sooner', behind: 'later', same: 'about as soon' });
		const name = names[otherId] ?? otherId;
		const first = ttft ? `its first token comes ${ttft}` : 'no first token to compare';
		return {
			id: otherId,
			text: `${name} ${decode ? `decodes ${decode}` : 'has no decode figure to compare'}; ${first}.`
		};
	});
}

/**
 * The caveats the Compare page still needs to say: each pane already shows its engine's and its run's notices,
 * so those are not repeated, nor a software-adapter caveat for an engine whose pane says so.
 */
export function unshownCaveats(verdict: Verdict, paneNotices: Record<string, readonly string[]>): VerdictCaveat[] {
	return verdict.caveats.filter((caveat) => {
		if (caveat.kind === 'notice') return false;
		if (caveat.kind === 'software-adapter' && caveat.engineId)
			return !(paneNotices[caveat.engineId] ?? []).some((n) => /software|swiftshader/i.test(n));
		return true;
	});
}
