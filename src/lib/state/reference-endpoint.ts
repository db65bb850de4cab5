// Which saved endpoints follow the reference server the app's own server announces (npm start
// --cloud-port): those of the Edgewise preset whose base URL is still the compiled default or the last
// announced one. A base URL a person typed is theirs and never moves.
import { REFERENCE_BASE_URL } from '../engine/cloud/presets';

export interface FollowsReference {
	presetId: string;
	baseUrl: string;
}

export function followReference<T extends FollowsReference>(
	list: readonly T[],
	lastAnnounced: string | undefined,
	url: string
): T[] {
	const known = new Set([REFERENCE_BASE_URL, lastAnnounced]);
	return list.map((e) =>
		e.presetId === 'edgewise' && known.has(e.baseUrl) && e.baseUrl !== url ? { ...e, baseUrl: url } : e
	);
}
