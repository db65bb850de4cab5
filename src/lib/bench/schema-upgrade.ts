// Records from before engines described themselves (results format version 1) still open and import:
// each engine gets the traits its kind had in that version. A v1 local engine dropped stop strings and
// seeds without a word, so its record says it did not honour them; a cloud engine sent every field.
import { SCHEMA_VERSION } from './schema';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function upgradeEngineInfo(info: Json, pricedIds: Set<string>, id: unknown): Json {
	if ('placement' in info && 'priced' in info && 'honours' in info) return info;
	const onDevice = info.kind === 'local';
	return {
		...info,
		placement: onDevice ? 'device' : 'remote',
		priced: !onDevice && typeof id === 'string' && pricedIds.has(id),
		honours: onDevice ? { stop: false, seed: false, ignoreEos: true } : { stop: true, seed: true, ignoreEos: true }
	};
}

/** A stored or imported record in the current shape; one already current comes back unchanged. */
export function upgradeRecord<T>(record: T): T {
	if (!isObject(record) || !Array.isArray(record.engines)) return record;
	const cost = Array.isArray(record.cost) ? record.cost.filter(isObject) : [];
	const pricedIds = new Set(cost.filter((c) => Number(c.perRunUsd) > 0).map((c) => String(c.engineId)));
	const engines = record.engines.map((e: unknown) =>
		isObject(e) && isObject(e.info) ? { ...e, info: upgradeEngineInfo(e.info, pricedIds, e.id) } : e
	);
	return { ...record, engines } as T;
}

/** An export file of a version import reads, in the current version's shape. */
export function upgradeExportFile(file: Json): Json {
	const records = Array.isArray(file.records) ? file.records.map(upgradeRecord) : file.records;
	return { ...file, schemaVersion: SCHEMA_VERSION, records };
}
