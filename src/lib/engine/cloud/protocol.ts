// Messages between a CloudWorkerEngine (page) and the cloud stream worker, as a worker-rpc protocol map.
// The endpoint settings (key included) go to a same-origin worker only; they never leave the device
// except as the Authorization header to their own endpoint.
import type { GenerateRequest, GenerationResult, LoadProgress, LoadResult, TokenEvent } from '../types';
import type { CloudEngineConfig } from './cloud-engine';
import type { ConnectionReport } from './test-connection';

/** CloudEngineConfig without the injectable fetch, which cannot cross postMessage. */
export type CloudWorkerConfig = Omit<CloudEngineConfig, 'fetch'>;

export type CloudProtocol = {
	load: { request: CloudWorkerConfig; result: LoadResult; progress: LoadProgress };
	generate: {
		request: { config: CloudWorkerConfig; request: GenerateRequest };
		result: GenerationResult;
		progress: TokenEvent[];
	};
	listModels: { request: CloudWorkerConfig; result: string[]; progress: never };
	testConnection: { request: CloudWorkerConfig; result: ConnectionReport; progress: never };
};
