// What charts, tables and sentences call each engine of a result: its own label, and when two engines share one
// (two local configurations of one model differ in precision or threads, not in name), that label with what sets
// them apart, or at worst their slot ids.
import type { EngineInfo } from '../engine/types';

export type LabelledEngine = {
	id: string;
	info: Pick<EngineInfo, 'label'> & Partial<Pick<EngineInfo, 'model' | 'threads'>>;
};

const detail = (info: LabelledEngine['info']): string =>
	[info.model?.dtype, info.threads ? `${info.threads} thread${info.threads === 1 ? '' : 's'}` : null]
		.filter(Boolean)
		.join(' · ');

/** Each engine's id → a label no other engine of the list has. */
export function distinctLabels(engines: readonly LabelledEngine[]): Record<string, string> {
	const named = (pick: (e: LabelledEngine) => string) => engines.map((e) => [e.id, pick(e)] as const);
	const unique = (pairs: (readonly [string, string])[]) =>
		new Set(pairs.map(([, l]) => l)).size === pairs.length ? Object.fromEntries(pairs) : null;
	const plain = named((e) => e.info.label);
	const counts = new Map<string, number>();
	for (const [, label] of plain) counts.set(label, (counts.get(label) ?? 0) + 1);
	const shared = (e: LabelledEngine) => (counts.get(e.info.label) ?? 0) > 1;
	const withDetail = named((e) => (shared(e) && detail(e.info) ? `${e.info.label} · ${detail(e.info)}` : e.info.label));
	return (
		unique(plain) ??
		unique(withDetail) ??
		Object.fromEntries(named((e) => (shared(e) ? `${e.info.label} [${e.id}]` : e.info.label)))
	);
}

/**
 * One name per Compare slot, used everywhere the slot is named (its card, its pane, the comparison table, the
 * verdict): the slot's own title, with its id added only where two slots would otherwise share one.
 */
export function distinctNames(slots: readonly { id: string; title: string }[]): Record<string, string> {
	const counts = new Map<string, number>();
	for (const { title } of slots) counts.set(title, (counts.get(title) ?? 0) + 1);
	return Object.fromEntries(
		slots.map(({ id, title }) => [id, (counts.get(title) ?? 0) > 1 ? `${title} [${id}]` : title])
	);
}
