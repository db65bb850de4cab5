// The cloud stream worker: reads endpoint streams off the main thread so UI work cannot delay a timestamp.
/// <reference lib="webworker" />
import { serveRpc, type RpcEndpoint } from '../worker-rpc';
import { cloudWorkerHandlers } from './worker-handlers';

serveRpc(self as unknown as RpcEndpoint, cloudWorkerHandlers());
