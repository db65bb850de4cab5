export { CloudEngine, type CloudEngineConfig } from './cloud-engine';
export * from './errors';
export { listModels, type EndpointAccess } from './http';
export {
	PRESETS,
	presetById,
	REFERENCE_BASE_URL,
	REFERENCE_MODEL,
	type EndpointPreset,
	type PresetId
} from './presets';
export { testConnection, type ConnectionReport } from './test-connection';
export { CloudWorkerEngine, createCloudWorker } from './cloud-worker-engine';
export type { CloudProtocol, CloudWorkerConfig } from './protocol';
